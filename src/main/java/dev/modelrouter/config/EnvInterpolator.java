package dev.modelrouter.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replaces {@code $VAR} and {@code ${VAR}} in every string value, as ccr's
 * {@code interpolateEnvVars} does (packages/cli/src/utils/index.ts).
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

    /** A copy of {@code root} with references replaced; object keys are left alone. */
    JsonNode interpolate(JsonNode root) {
        return copy(root, "$", false);
    }

    private JsonNode copy(JsonNode node, String path, boolean apiKey) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node.isObject()) {
            ObjectNode out = f.objectNode();
            node.properties().forEach(e -> out.set(
                    e.getKey(), copy(e.getValue(), Findings.field(path, e.getKey()), e.getKey().equals("api_key"))));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = f.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                out.add(copy(node.get(i), Findings.index(path, i), apiKey));
            }
            return out;
        }
        if (node.isString()) {
            return f.stringNode(substitute(node.stringValue(), path, apiKey));
        }
        return node.deepCopy();
    }

    private String substitute(String text, String path, boolean apiKey) {
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
                if (apiKey) {
                    String effect = path.endsWith("]")
                            ? "this key is left out of the provider's key pool"
                            : "this provider has no API key";
                    findings.warn(path, "environment variable " + name + " is not set, so " + effect + "; export "
                            + name + " before starting the router");
                } else {
                    findings.warn(path, "environment variable " + name + " is not set; the text '" + m.group()
                            + "' is kept as is");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
            } else {
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
        }
        m.appendTail(out);
        // A key with a hole in it is no key: sending it would only earn a 401.
        return apiKey && unresolved ? "" : out.toString();
    }
}
