package dev.modelrouter.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.PackageMatcher;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures;
import dev.modelrouter.RouterApplication;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The package map of design.md: arrows point one way, and Spring stays at the edges. */
class LayeringTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // bean definitions that spring-boot:process-aot generates (Foo__BeanDefinitions) wire every layer
            .withImportOption(location -> !location.contains("__"))
            .importPackages("dev.modelrouter");

    /**
     * Every package of ours, by layer. A package that is in none fails {@link #everyPackageHasALayer}, so a
     * new package cannot slip past the rules below. {@code root} is the package {@code dev.modelrouter}
     * itself (the Spring Boot application and the pre-flight checks that need the whole house).
     */
    private static final Map<String, String> LAYERS = layers(
            "root", "dev.modelrouter",
            "model", "dev.modelrouter.model..",
            "protocol", "dev.modelrouter.protocol..",
            "spi", "dev.modelrouter.spi..",
            "config", "dev.modelrouter.config..",
            "transform", "dev.modelrouter.transform..",
            "routing", "dev.modelrouter.routing..",
            "upstream", "dev.modelrouter.upstream..",
            "observe", "dev.modelrouter.observe..",
            "plugin", "dev.modelrouter.plugin..",
            "clients", "dev.modelrouter.clients..",
            "pipeline", "dev.modelrouter.pipeline..",
            "cluster", "dev.modelrouter.cluster..",
            "server", "dev.modelrouter.server..",
            "cli", "dev.modelrouter.cli..");

    @Test
    void everyPackageHasALayer() {
        classes()
                .should(new ArchCondition<JavaClass>("reside in a package that LayeringTest gives a layer") {
                    @Override
                    public void check(JavaClass item, ConditionEvents events) {
                        boolean known = LAYERS.values().stream()
                                .anyMatch(pattern -> PackageMatcher.of(pattern).matches(item.getPackageName()));
                        if (!known) {
                            events.add(SimpleConditionEvent.violated(
                                    item,
                                    item.getPackageName() + " has no layer in LayeringTest.LAYERS (" + item.getName()
                                            + ")"));
                        }
                    }
                })
                .check(CLASSES);
    }

    /**
     * design.md's directions: model <- protocol/spi <- transform/routing/upstream <- pipeline <- server <- root,
     * with config, observe and plugin beside them and cli on top, talking to the daemon over HTTP except
     * where it boots it ({@code serve}) or checks a config before booting it (both through the root).
     */
    @Test
    void packagesDependOnlyDownwards() {
        Architectures.LayeredArchitecture layers = Architectures.layeredArchitecture()
                .consideringOnlyDependenciesInAnyPackage("dev.modelrouter..")
                .withOptionalLayers(true);
        for (Map.Entry<String, String> layer : LAYERS.entrySet()) {
            layers = layers.layer(layer.getKey()).definedBy(layer.getValue());
        }
        layers.whereLayer("model")
                .mayNotAccessAnyLayer()
                .whereLayer("protocol")
                .mayOnlyAccessLayers("model")
                .whereLayer("spi")
                .mayOnlyAccessLayers("model")
                // config reads the names of transformers, nothing of their code
                .whereLayer("config")
                .mayOnlyAccessLayers("model", "spi")
                .whereLayer("transform")
                .mayOnlyAccessLayers("model", "spi")
                .whereLayer("routing")
                .mayOnlyAccessLayers("model", "spi", "config")
                .whereLayer("upstream")
                .mayOnlyAccessLayers("model", "protocol", "config")
                .whereLayer("observe")
                .mayOnlyAccessLayers("model")
                .whereLayer("plugin")
                .mayOnlyAccessLayers("model", "spi", "config")
                // client keys: who may ask for what, and how much; counted locally or, in cluster mode, in Redis
                .whereLayer("clients")
                .mayOnlyAccessLayers("model", "config", "routing")
                .whereLayer("pipeline")
                .mayOnlyAccessLayers(
                        "model",
                        "protocol",
                        "spi",
                        "config",
                        "transform",
                        "routing",
                        "upstream",
                        "observe",
                        "plugin",
                        "clients")
                // cluster mode shares the state of the layers below it through Redis
                .whereLayer("cluster")
                .mayOnlyAccessLayers("model", "config", "routing", "upstream", "observe", "clients")
                .whereLayer("server")
                .mayOnlyAccessLayers(
                        "model",
                        "protocol",
                        "spi",
                        "config",
                        "transform",
                        "routing",
                        "upstream",
                        "observe",
                        "plugin",
                        "pipeline",
                        "cluster",
                        "clients")
                .whereLayer("root")
                .mayOnlyAccessLayers("model", "config", "transform", "plugin", "server")
                .whereLayer("cli")
                .mayOnlyAccessLayers("model", "config", "root")
                .check(CLASSES);
    }

    /** The CLI reaches the root only to boot the daemon or check a config; the rest is HTTP to the daemon. */
    @Test
    void theCliUsesTheRootOnlyToBootOrPreflight() {
        noClasses()
                .that()
                .resideInAPackage("dev.modelrouter.cli..")
                .and()
                .doNotHaveSimpleName("ServeCommand")
                .and()
                .doNotHaveSimpleName("RouterCli")
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(RouterApplication.class)
                .check(CLASSES);
    }

    private static Map<String, String> layers(String... nameThenPattern) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < nameThenPattern.length; i += 2) {
            out.put(nameThenPattern[i], nameThenPattern[i + 1]);
        }
        return out;
    }

    @Test
    void theModelAndTheCodecsKnowNoSpring() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.modelrouter.model..",
                        "dev.modelrouter.protocol..",
                        "dev.modelrouter.routing..",
                        "dev.modelrouter.config..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..")
                .check(CLASSES);
    }

    @Test
    void belowTheServerOnlyReactorAndDataBuffersOfTheWebStack() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.modelrouter.pipeline..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework.web..", "org.springframework.http..", "org.springframework.context..")
                .check(CLASSES);
    }

    @Test
    void noCycles() {
        slices().matching("dev.modelrouter.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void noJackson2() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.fasterxml.jackson.databind..")
                .check(CLASSES);
    }
}
