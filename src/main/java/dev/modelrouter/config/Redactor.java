package dev.modelrouter.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Hides secrets in a config tree before it is shown (admin API, logs, status). */
final class Redactor {

    static final String MASK = "***";

    /**
     * Shorter "keys" are placeholders such as Ollama's {@code "ollama"}; masking them everywhere would
     * also mask the provider's name and URL.
     */
    private static final int MIN_SECRET_LENGTH = 8;

    /** Field names whose whole value is a secret, compared lower-case with '_' and '-' removed. */
    private static final Set<String> SECRET_FIELDS = Set.of(
            "apikey", "apikeys", "authorization", "token", "accesstoken", "secret", "clientsecret", "password");

    private static final Pattern URL_USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s?#]+@");
    private static final Pattern KEY_QUERY =
            Pattern.compile("(?i)([?&](?:key|api_key|apikey|api-key|access_token|token)=)[^&#\\s\"]*");

    private Redactor() {}

    /** A redacted deep copy of {@code node}; {@code secrets} are masked wherever they appear in a string. */
    static JsonNode redact(JsonNode node, Set<String> secrets) {
        return copy(node, secrets);
    }

    /** Masks URL user-info and key query values in one string. */
    static String redactString(String text) {
        String out = URL_USERINFO.matcher(text).replaceAll("$1" + MASK + "@");
        return KEY_QUERY.matcher(out).replaceAll("$1" + MASK);
    }

    /** Masks {@code secrets} wherever they appear in {@code text}, then URL user-info and key query values. */
    static String redactString(String text, Set<String> secrets) {
        String s = text;
        for (String secret : secrets) {
            if (secret.length() >= MIN_SECRET_LENGTH && s.contains(secret)) {
                s = s.replace(secret, MASK);
            }
        }
        return redactString(s);
    }

    private static JsonNode copy(JsonNode node, Set<String> secrets) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node.isObject()) {
            ObjectNode out = f.objectNode();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                JsonNode value = e.getValue();
                boolean secret = isSecretField(e.getKey()) && !value.isNull() && !value.isMissingNode();
                out.set(e.getKey(), secret ? f.stringNode(MASK) : copy(value, secrets));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = f.arrayNode();
            node.forEach(v -> out.add(copy(v, secrets)));
            return out;
        }
        if (node.isString()) {
            return f.stringNode(redactString(node.stringValue(), secrets));
        }
        return node.deepCopy();
    }

    private static boolean isSecretField(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        return SECRET_FIELDS.contains(n);
    }
}
