package dev.modelrouter.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hides secrets in text and config trees before they are shown: admin API, logs, status, client error
 * messages, the request log and meter tags. An instance knows a fixed set of secrets (see
 * {@link #of(RouterConfig)}); every instance also masks URL user-info and key query values.
 */
public final class Redactor {

    /** What a secret is replaced with. */
    public static final String MASK = "***";

    /**
     * Shorter "keys" are placeholders such as Ollama's {@code "ollama"}; masking them everywhere would
     * also mask the provider's name and URL.
     */
    private static final int MIN_SECRET_LENGTH = 8;

    /** Field names whose whole value is a secret, compared lower-case with '_' and '-' removed. */
    private static final Set<String> SECRET_FIELDS = Set.of(
            "apikey",
            "apikeys",
            // the request headers' names, as a tool's input or a pasted request may carry them
            "xapikey",
            "xgoogapikey",
            "authorization",
            "token",
            "accesstoken",
            "secret",
            "clientsecret",
            "password",
            // ccr's vertex-openai takes a service account's key as an option
            "privatekey");

    private static final Pattern URL_USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s?#]+@");
    private static final Pattern KEY_QUERY =
            Pattern.compile("(?i)([?&](?:key|api_key|apikey|api-key|access_token|token)=)[^&#\\s\"]*");

    private static final Redactor NONE = new Redactor(List.of());

    /** Longest first, so a key that contains another is masked whole. */
    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    /** A redactor of {@code secrets} (values shorter than 8 characters are ignored). */
    public static Redactor of(Collection<String> secrets) {
        Set<String> kept = new LinkedHashSet<>();
        for (String s : secrets) {
            if (s != null && s.length() >= MIN_SECRET_LENGTH) {
                kept.add(s);
            }
        }
        if (kept.isEmpty()) {
            return NONE;
        }
        List<String> sorted = new ArrayList<>(kept);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return new Redactor(List.copyOf(sorted));
    }

    /**
     * A redactor of every secret {@code config} holds: each provider's keys, {@code APIKEY}, the values
     * of secret-named fields anywhere in the file (transformer options, headers), and the key parts of
     * its URLs ({@code key=} query values and user-info of {@code api_base_url} and {@code PROXY_URL}).
     */
    public static Redactor of(RouterConfig config) {
        return of(secretsOf(config));
    }

    /** This redactor plus {@code more} secrets. */
    public Redactor with(Collection<String> more) {
        List<String> all = new ArrayList<>(secrets);
        all.addAll(more);
        return of(all);
    }

    /** The secrets known to this redactor, longest first. */
    public List<String> secrets() {
        return secrets;
    }

    /** {@code text} with every known secret, URL user-info and key query value replaced by {@code ***}. */
    public String redact(@Nullable String text) {
        if (text == null || text.isEmpty()) {
            return text == null ? "" : text;
        }
        String out = text;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return redactString(out);
    }

    /**
     * A redacted deep copy of {@code node}: the values of secret-named fields ({@code api_key},
     * {@code token}, ...) become {@code ***}, and every string and field name is {@link #redact}ed.
     */
    public JsonNode redact(JsonNode node) {
        return copy(node, this);
    }

    /** A redacted deep copy of {@code node}; {@code secrets} are masked wherever they appear in a string. */
    static JsonNode redact(JsonNode node, Set<String> secrets) {
        return copy(node, of(secrets));
    }

    /** Masks URL user-info and key query values in one string. */
    static String redactString(String text) {
        // most log lines hold neither; skip the regular expressions for them
        String out = text.contains("://") ? URL_USERINFO.matcher(text).replaceAll("$1" + MASK + "@") : text;
        return out.indexOf('=') >= 0 ? KEY_QUERY.matcher(out).replaceAll("$1" + MASK) : out;
    }

    private static Set<String> secretsOf(RouterConfig config) {
        Set<String> out = new LinkedHashSet<>();
        for (ProviderConfig p : config.providers()) {
            out.addAll(p.apiKeys());
            addUrlSecrets(p.apiBaseUrl().toString(), out);
        }
        if (config.apiKey() != null) {
            out.add(config.apiKey());
        }
        config.clientKeys().forEach(k -> out.add(k.key()));
        if (config.proxyUrl() != null) {
            addUrlSecrets(config.proxyUrl(), out);
        }
        collectSecretFields(config.raw(), out);
        return out;
    }

    /** The user-info (whole, and its password) and the key query values of {@code url}. */
    private static void addUrlSecrets(String url, Set<String> out) {
        Matcher query = KEY_QUERY.matcher(url);
        while (query.find()) {
            out.add(url.substring(query.end(1), query.end()));
        }
        try {
            String userInfo = URI.create(url).getRawUserInfo();
            if (userInfo != null) {
                out.add(userInfo);
                int colon = userInfo.indexOf(':');
                if (colon >= 0) {
                    out.add(userInfo.substring(colon + 1));
                }
            }
        } catch (IllegalArgumentException notAUri) {
            // the URL patterns of redactString still cover it
        }
    }

    private static void collectSecretFields(JsonNode node, Set<String> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (isSecretField(e.getKey())) {
                    collectStrings(e.getValue(), out);
                } else {
                    collectSecretFields(e.getValue(), out);
                }
            }
        } else if (node.isArray()) {
            node.forEach(v -> collectSecretFields(v, out));
        }
    }

    private static void collectStrings(JsonNode node, Set<String> out) {
        if (node.isString()) {
            out.add(node.stringValue());
        } else {
            node.forEach(v -> collectStrings(v, out));
        }
    }

    private static JsonNode copy(JsonNode node, Redactor redactor) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node.isObject()) {
            ObjectNode out = f.objectNode();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                JsonNode value = e.getValue();
                boolean secret = isSecretField(e.getKey()) && !value.isNull() && !value.isMissingNode();
                out.set(redactor.redact(e.getKey()), secret ? f.stringNode(MASK) : copy(value, redactor));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = f.arrayNode();
            node.forEach(v -> out.add(copy(v, redactor)));
            return out;
        }
        if (node.isString()) {
            return f.stringNode(redactor.redact(node.stringValue()));
        }
        return node.deepCopy();
    }

    private static boolean isSecretField(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        return SECRET_FIELDS.contains(n);
    }
}
