package dev.modelrouter.plugin;

import static dev.modelrouter.plugin.PluginJars.services;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.RouterHome;
import dev.modelrouter.spi.RouteRule;
import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

class PluginLoaderTest {

    @TempDir
    Path dir;

    @Test
    void pluginClassesAreInvisibleToTheRouter() throws Exception {
        Path plugins = folder("plugins");
        jar(plugins, "a.jar", "a.AFactory", factory("a", "AFactory", "\"a\"", ""));

        PluginTransformerFactory factory = load(plugins).factories().get(0);

        ClassLoader pluginLoader = ((GuardedTransformer)
                        factory.create(JsonMapper.builder().build().createObjectNode()))
                .delegate()
                .getClass()
                .getClassLoader();
        assertThat(pluginLoader).isInstanceOf(PluginClassLoader.class);
        assertThatThrownBy(() -> Class.forName("a.AFactory", false, getClass().getClassLoader()))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void pluginsSeeTheSpiModelReactorAndJacksonOfTheRouterButNotItsOtherClasses() throws Exception {
        Path plugins = folder("plugins");
        String probe = "static String sees(String type) {"
                + " try { Class.forName(type, false, AFactory.class.getClassLoader()); return \"+\"; }"
                + " catch (ClassNotFoundException e) { return \"-\"; } }";
        String name = "sees(\"dev.modelrouter.pipeline.Pipeline\") + sees(\"org.springframework.core.io.Resource\")"
                + " + sees(\"dev.modelrouter.model.ChatRequest\") + sees(\"reactor.core.publisher.Flux\")"
                + " + sees(\"tools.jackson.databind.JsonNode\")";
        jar(plugins, "a.jar", "a.AFactory", factory("a", "AFactory", name, probe));

        LoadedPlugins loaded = load(plugins);

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.factories())
                .extracting(PluginTransformerFactory::name)
                .containsExactly("--+++");
        PluginClassLoader loader =
                new PluginClassLoader(plugins.resolve("a.jar"), getClass().getClassLoader());
        try (loader) {
            assertThat(loader.loadClass(Transformer.class.getName())).isSameAs(Transformer.class);
            assertThat(loader.loadClass(Flux.class.getName())).isSameAs(Flux.class);
            assertThatThrownBy(() -> loader.loadClass("dev.modelrouter.pipeline.Pipeline"))
                    .isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void servicesOfTheRouterAreNotFoundThroughAPlugin() throws Exception {
        Path hostDir = folder("host");
        Files.createDirectories(hostDir.resolve("META-INF/services"));
        Files.writeString(hostDir.resolve(services(TransformerFactory.class)), HostOnlyFactory.class.getName());
        Path plugins = folder("plugins");
        jar(plugins, "a.jar", "a.AFactory", factory("a", "AFactory", "\"a\"", ""));

        try (URLClassLoader host = new URLClassLoader(
                new URL[] {hostDir.toUri().toURL()}, getClass().getClassLoader())) {
            assertThat(ServiceLoader.load(TransformerFactory.class, host)).isNotEmpty();
            LoadedPlugins loaded = new PluginLoader(host).load(List.of(plugins), MissingNode.getInstance(), dir);

            assertThat(loaded.factories())
                    .extracting(PluginTransformerFactory::name)
                    .containsExactly("a");
        }
    }

    @Test
    void aFileThatIsNotAJarIsReportedAndTheOthersStillLoad() throws Exception {
        Path plugins = folder("plugins");
        Files.writeString(plugins.resolve("broken.jar"), "this is not a zip");
        jar(plugins, "good.jar", "a.AFactory", factory("a", "AFactory", "\"good\"", ""));

        LoadedPlugins loaded = load(plugins);

        assertThat(loaded.factories())
                .extracting(PluginTransformerFactory::name)
                .containsExactly("good");
        assertThat(loaded.problems()).singleElement().satisfies(p -> {
            assertThat(p.jar()).isEqualTo("broken.jar");
            assertThat(p.message()).startsWith("not a readable jar");
            assertThat(p.fatal()).isFalse();
        });
    }

    @Test
    void aFactoryWhoseConstructorThrowsIsSkippedAndTheRestOfItsJarLoads() {
        Path plugins = folder("plugins");
        PluginJars.fromSources(
                plugins,
                "mixed.jar",
                Map.of(
                        "a.Bad",
                        factory("a", "Bad", "\"bad\"", "public Bad() { throw new IllegalStateException(\"boom\"); }"),
                        "a.Good",
                        factory("a", "Good", "\"good\"", "")),
                Map.of(services(TransformerFactory.class), "a.Bad\na.Good\n"));

        LoadedPlugins loaded = load(plugins);

        assertThat(loaded.factories())
                .extracting(PluginTransformerFactory::name)
                .containsExactly("good");
        assertThat(loaded.problems()).singleElement().satisfies(p -> {
            assertThat(p.jar()).isEqualTo("mixed.jar");
            assertThat(p.message()).contains("a.Bad").contains("IllegalStateException: boom");
        });
    }

    @Test
    void aServicesFileNamingAMissingClassIsReported() {
        Path plugins = folder("plugins");
        PluginJars.fromSources(
                plugins,
                "missing.jar",
                Map.of("a.Rule", rule("a", "Rule")),
                Map.of(services(TransformerFactory.class), "a.DoesNotExist\n", services(RouteRule.class), "a.Rule\n"));

        LoadedPlugins loaded = load(plugins);

        assertThat(loaded.routeRules()).extracting(GuardedRouteRule::jar).containsExactly("missing.jar");
        assertThat(loaded.problems()).singleElement().satisfies(p -> {
            assertThat(p.jar()).isEqualTo("missing.jar");
            assertThat(p.message()).contains("a.DoesNotExist").contains("not found");
        });
    }

    @Test
    void aFactoryWhoseNameThrowsIsReported() {
        Path plugins = folder("plugins");
        jar(
                plugins,
                "a.jar",
                "a.AFactory",
                factory("a", "AFactory", "String.valueOf((Object) null).substring(99)", ""));

        LoadedPlugins loaded = load(plugins);

        assertThat(loaded.factories()).isEmpty();
        assertThat(loaded.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message())
                        .contains("a.AFactory.name() failed")
                        .contains("StringIndexOutOfBoundsException"));
    }

    @Test
    void aJarWithoutServicesIsReported() {
        Path plugins = folder("plugins");
        PluginJars.fromSources(plugins, "empty.jar", Map.of("a.Rule", rule("a", "Rule")), Map.of());

        assertThat(load(plugins).problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("declares no plugin services"));
    }

    @Test
    void aDuplicateNameAcrossJarsIsAFatalProblemAndTheFirstJarWins() {
        Path plugins = folder("plugins");
        jar(plugins, "a.jar", "a.AFactory", factory("a", "AFactory", "\"shout\"", ""));
        jar(plugins, "b.jar", "b.BFactory", factory("b", "BFactory", "\"SHOUT\"", ""));

        LoadedPlugins loaded = load(plugins);

        assertThat(loaded.factories()).extracting(PluginTransformerFactory::jar).containsExactly("a.jar");
        assertThat(loaded.fatalProblems()).singleElement().satisfies(p -> {
            assertThat(p.jar()).isEqualTo("b.jar");
            assertThat(p.message()).isEqualTo("transformer name SHOUT is already provided by a.jar");
        });
    }

    @Test
    void aJavaScriptTransformerInThePluginsFolderIsLoadedWithItsOptions() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path script = Files.writeString(plugins.resolve("gemini-cli.js"), "module.exports = class {};");
        JsonNode transformers = JsonMapper.builder()
                .build()
                .readTree("[{\"path\": \"plugins/gemini-cli.js\", \"options\": {\"project\": \"x\"}}]");

        LoadedPlugins loaded = new PluginLoader().load(List.of(plugins), transformers, dir);

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.scripts()).singleElement().satisfies(s -> {
            assertThat(s.file()).isEqualTo(script.toRealPath());
            assertThat(s.options().path("project").asString()).isEqualTo("x");
            assertThat(s.fallbackName()).isEqualTo("gemini-cli");
        });
    }

    @Test
    void aJavaScriptTransformerOutsideThePluginsFoldersIsSkippedWithTheReason() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.writeString(dir.resolve("elsewhere.js"), "module.exports = class {};");
        JsonNode transformers = JsonMapper.builder().build().readTree("[{\"path\": \"elsewhere.js\"}]");

        LoadedPlugins loaded = new PluginLoader().load(List.of(plugins), transformers, dir);

        assertThat(loaded.scripts()).isEmpty();
        assertThat(loaded.problems()).singleElement().satisfies(p -> {
            assertThat(p.jar()).isEqualTo("elsewhere.js");
            assertThat(p.message())
                    .startsWith("JavaScript transformers load only from " + plugins.toRealPath()
                            + " or ~/.claude-code-router/plugins");
            assertThat(p.fatal()).isFalse();
        });
    }

    @Test
    void aTransformersEntryWithoutAJarIsReported() {
        JsonNode transformers = JsonMapper.builder().build().readTree("[{\"path\": \"gone.jar\"}, {\"options\": {}}]");

        LoadedPlugins loaded = new PluginLoader().load(List.of(), transformers, dir);

        assertThat(loaded.problems())
                .extracting(PluginProblem::toString)
                .containsExactly(
                        "gone.jar: no such file: " + dir.resolve("gone.jar"),
                        "transformers[1]: needs a \"path\" to a plugin jar");
    }

    @Test
    void missingPluginFoldersAreFine() {
        assertThat(load(dir.resolve("nowhere"))).isEqualTo(LoadedPlugins.none());
    }

    @Test
    void theOnlyDefaultFolderIsTheHomePlugins() {
        RouterHome home = new RouterHome(dir.resolve("home"));

        assertThat(PluginLoader.defaultFolders(home)).containsExactly(dir.resolve("home/plugins"));
    }

    @Test
    void aJarInThePluginsFolderOfTheWorkingDirectoryIsNotLoaded() throws Exception {
        // a cloned repository that ships plugins/evil.jar, with the router started inside it
        Path cwdPlugins = Path.of("plugins").toAbsolutePath();
        boolean created = !Files.isDirectory(cwdPlugins);
        Files.createDirectories(cwdPlugins);
        String jarName = "cwd-probe-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".jar";
        Path home = folder("home");
        jar(folder("home/plugins"), "mine.jar", "m.MineFactory", factory("m", "MineFactory", "\"mine\"", ""));
        jar(folder("built"), "evil.jar", "e.EvilFactory", factory("e", "EvilFactory", "\"evil\"", ""));
        try {
            Files.copy(dir.resolve("built/evil.jar"), cwdPlugins.resolve(jarName));
            RouterConfig config = ConfigLoader.parse("{}", dir.resolve("config.json"), Map.of());

            LoadedPlugins loaded = new PluginLoader().load(config, new RouterHome(home));

            assertThat(loaded.factories())
                    .extracting(PluginTransformerFactory::name)
                    .containsExactly("mine");
        } finally {
            Files.deleteIfExists(cwdPlugins.resolve(jarName));
            if (created) {
                Files.deleteIfExists(cwdPlugins);
            }
        }
    }

    private LoadedPlugins load(Path plugins) {
        return new PluginLoader().load(List.of(plugins), MissingNode.getInstance(), dir);
    }

    private Path folder(String name) {
        try {
            return Files.createDirectories(dir.resolve(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void jar(Path folder, String jarName, String className, String source) {
        PluginJars.fromSources(
                folder,
                jarName,
                Map.of(className, source),
                Map.of(services(TransformerFactory.class), className + "\n"));
    }

    static String factory(String pkg, String simpleName, String nameExpression, String members) {
        return "package " + pkg + ";\n"
                + "public final class " + simpleName + " implements dev.modelrouter.spi.TransformerFactory {\n"
                + members + "\n"
                + "  public String name() { return " + nameExpression + "; }\n"
                + "  public dev.modelrouter.spi.Transformer create(tools.jackson.databind.JsonNode options) {\n"
                + "    return new dev.modelrouter.spi.Transformer() {};\n"
                + "  }\n"
                + "}\n";
    }

    private static String rule(String pkg, String simpleName) {
        return "package " + pkg + ";\n"
                + "public final class " + simpleName + " implements dev.modelrouter.spi.RouteRule {\n"
                + "  public java.util.Optional<String> route(dev.modelrouter.model.ChatRequest r, RouteContext c) {\n"
                + "    return java.util.Optional.empty();\n"
                + "  }\n"
                + "}\n";
    }

    /** Stands for a built-in the router registers through its own class path. */
    public static final class HostOnlyFactory implements TransformerFactory {
        @Override
        public String name() {
            return "host-only";
        }

        @Override
        public Transformer create(JsonNode options) {
            return new Transformer() {};
        }
    }
}
