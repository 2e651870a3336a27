package dev.modelrouter.config;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replaces {@code $VAR} and {@code ${VAR}} in every string value, as ccr's
 * {@code interpolateEnvVars} does (packages/cli/src/utils/index.ts). Unlike ccr, a secret ({@code APIKEY},
 * a provider's {@code api_key}, a proxy URL, which may carry credentials) that names an unset variable
 * has no value at all: ccr keeps the literal {@code ${VAR}} text, which would make a key anyone can guess.
 */
final class EnvInterpolator {

    /** ccr's pattern: {@code ${anything but '}'}} or {@code $identifier}. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]+)\\}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private final Map<String, String> env;
    private final Findings findings;

    EnvInterpolator(Map<String, String> env, Findings findings) {
        this.env = env;
        this.findings = findings;
    }

    /** The top-level settings that hold a secret; {@code api_key} is one at any depth. */
    private static final Set<String> SECRET_SETTINGS =
            Set.of("APIKEY", "PROXY_URL", "HTTPS_PROXY", "https_proxy", "httpsProxy");

    /** What a string value is, for what an unset variable in it means. */
    private enum Kind {
        TEXT,
        PROVIDER_KEY,
        ROUTER_KEY,
        PROXY;

        static Kind of(String parentPath, String field, Kind parent) {
            if (field.equals("api_key")) {
                return PROVIDER_KEY;
            }
            if (parentPath.equals("$") && SECRET_SETTINGS.contains(field)) {
                return field.equals("APIKEY") ? ROUTER_KEY : PROXY;
            }
            return parent;
        }
    }

    /** The variable names {@code text} refers to, in order of first mention. */
    static Set<String> references(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            names.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return names;
    }

    /** A copy of {@code root} with references replaced; object keys are left alone. */
    JsonNode interpolate(JsonNode root) {
        return copy(root, "$", Kind.TEXT);
    }

    private JsonNode copy(JsonNode node, String path, Kind kind) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node.isObject()) {
            ObjectNode out = f.objectNode();
            node.properties()
                    .forEach(e -> out.set(
                            e.getKey(),
                            copy(e.getValue(), Findings.field(path, e.getKey()), Kind.of(path, e.getKey(), kind))));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = f.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                out.add(copy(node.get(i), Findings.index(path, i), kind));
            }
            return out;
        }
        if (node.isString()) {
            return f.stringNode(substitute(node.stringValue(), path, kind));
        }
        return node.deepCopy();
    }

    private String substitute(String text, String path, Kind kind) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        boolean unresolved = false;
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = env.get(name);
            // ccr writes `process.env[name] || match`, so an empty variable counts as unset.
            if (value == null || value.isEmpty()) {
                unresolved = true;
                if (kind == Kind.TEXT) {
                    findings.warn(
                            path,
                            "environment variable " + name + " is not set; the text '" + m.group() + "' is kept as is");
                } else {
                    findings.warn(
                            path,
                            "environment variable " + name + " is not set, so " + effect(kind, path) + "; export "
                                    + name + " before starting the router");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
            } else {
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
        }
        m.appendTail(out);
        // A secret with a hole in it is no secret: a provider key would only earn a 401, and APIKEY would
        // be the literal text of the config, which anyone can read in the example.
        return kind != Kind.TEXT && unresolved ? "" : out.toString();
    }

    private static String effect(Kind kind, String path) {
        return switch (kind) {
            case PROVIDER_KEY ->
                path.endsWith("]") ? "this key is left out of the provider's key pool" : "this provider has no API key";
            case ROUTER_KEY -> "the router has no APIKEY (a HOST other than loopback then refuses to start)";
            case PROXY -> "no proxy is used";
            case TEXT -> throw new IllegalStateException("plain text has no effect to report");
        };
    }
}
