package dev.modelrouter.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Loads config.json. ccr parses it with JSON5, so the lenient syntax users rely on (comments, trailing
 * commas, single quotes, unquoted names, {@code +1}, {@code .5}, {@code NaN}) is accepted here too.
 */
public final class ConfigLoader {

    /** Class-path name of the example config bundled in the jar. */
    public static final String EXAMPLE_RESOURCE = "router-config.example.json";

    private static final Pattern QUOTED_TOKEN = Pattern.compile("'([^'\\s]{9,})'");

    private ConfigLoader() {}

    /** Reads and validates {@code file}; {@code env} resolves {@code $VAR} references. */
    public static RouterConfig load(Path file, Map<String, String> env) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw single(file, "file not found: " + file + "; create it (see router-config.example.json)");
        } catch (IOException e) {
            throw single(file, "cannot read " + file + ": " + e.getMessage());
        }
        return parse(text, file, env);
    }

    /** Validates config text; {@code source} names it in messages and in {@link RouterConfig#source()}. */
    public static RouterConfig parse(String text, Path source, Map<String, String> env) throws ConfigException {
        return parse(text, source, env, false);
    }

    /**
     * The example config bundled in the jar, used when the user has none yet. It must always be valid,
     * so a failure here is a build defect.
     */
    public static RouterConfig bundledExample(Map<String, String> env) {
        try {
            return parse(bundledExampleText(), Path.of(EXAMPLE_RESOURCE), env, true);
        } catch (ConfigException e) {
            throw new IllegalStateException("the bundled " + EXAMPLE_RESOURCE + " does not load: " + e.getMessage(), e);
        }
    }

    /** The text of the example config bundled in the jar. */
    public static String bundledExampleText() {
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(EXAMPLE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(EXAMPLE_RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled " + EXAMPLE_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    static RouterConfig parse(String text, Path source, Map<String, String> env, boolean bundled)
            throws ConfigException {
        Findings findings = new Findings();
        JsonNode tree = readTree(text, findings);
        @Nullable RouterConfig config = null;
        if (tree != null) {
            JsonNode interpolated = new EnvInterpolator(env, findings).interpolate(tree);
            config = new ConfigValidator(findings).validate(interpolated, source, bundled);
        }
        if (config == null || findings.hasErrors()) {
            throw new ConfigException(name(source), findings.errors(), findings.warnings());
        }
        return config;
    }

    /**
     * The {@code Router} of a project or session routes file, the only key ccr reads in it; {@code null}
     * when the file has none (or an empty one), which ccr skips too. Targets must name {@code providers}
     * of the main config.
     */
    public static @Nullable RouterSettings routerOverride(
            String text, Path source, Map<String, String> env, List<ProviderConfig> providers) throws ConfigException {
        Findings findings = new Findings();
        JsonNode tree = readTree(text, findings);
        if (tree != null && !tree.isObject()) {
            findings.error("$", "expected an object {\"Router\": {...}}");
        }
        if (tree == null || findings.hasErrors()) {
            throw new ConfigException(name(source), findings.errors(), findings.warnings());
        }
        JsonNode router = tree.path("Router");
        if (router.isObject() && router.isEmpty() || router.isMissingNode() || router.isNull()) {
            return null;
        }
        JsonNode interpolated = new EnvInterpolator(env, findings).interpolate(router);
        RouterSettings settings = new RouterReader(findings, providers)
                .read(interpolated, "$.Router", MissingNode.getInstance(), "$.fallback");
        if (findings.hasErrors()) {
            throw new ConfigException(name(source), findings.errors(), findings.warnings());
        }
        return settings;
    }

    /**
     * The document of {@code text} with {@code $VAR} references replaced, unvalidated; a missing node
     * when the text is not JSON.
     */
    static JsonNode interpolatedTree(String text, Map<String, String> env) {
        Findings ignored = new Findings();
        JsonNode tree = readTree(text, ignored);
        return tree == null ? MissingNode.getInstance() : new EnvInterpolator(env, ignored).interpolate(tree);
    }

    private static @Nullable JsonNode readTree(String text, Findings findings) {
        // Editors on Windows like to start files with a byte-order mark; JSON5.parse skips it as whitespace.
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (body.isBlank()) {
            findings.error("$", "the file is empty; it needs at least {\"Providers\": [...], \"Router\": {...}}");
            return null;
        }
        try {
            return JsonTrees.read(JsonTrees.JSON5, body);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 0
                    ? "at an unknown position"
                    : "at line " + at.getLineNr() + ", column " + at.getColumnNr();
            findings.error(
                    "$", "invalid JSON " + where + ": " + firstLine(e.getOriginalMessage()) + "; fix the syntax there");
            return null;
        }
    }

    /**
     * The parser quotes the token it choked on, which may be a key pasted without quotes; long tokens are
     * cut so the message never carries a whole secret.
     */
    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        Matcher m = QUOTED_TOKEN.matcher(line);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement("'" + m.group(1).substring(0, 4) + "...'"));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static ConfigException single(Path file, String message) {
        return new ConfigException(name(file), List.of(new ConfigProblem("$", message)), List.of());
    }

    private static String name(Path source) {
        Path name = source.getFileName();
        return name == null ? source.toString() : name.toString();
    }
}
