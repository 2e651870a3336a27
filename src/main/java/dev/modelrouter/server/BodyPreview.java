package dev.modelrouter.server;

import dev.modelrouter.config.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A body as the web UI's "show bodies" shows it: secrets masked first, then cut to a preview. A JSON
 * body is masked as a tree (the values of secret-named fields such as {@code api_key},
 * {@code authorization}, {@code x-api-key} or {@code private_key}, and every known secret in any
 * string), each long string is shortened, and it is shown indented; an event stream is masked frame
 * by frame the same way; any text left is masked by the redactor and by the shapes of well-known keys
 * and private keys. Masking comes before any cut, so that no secret is cut in half and left readable.
 *
 * @param text what to show
 * @param bytes the body's full size
 * @param cut whether {@code text} leaves part of the body out
 */
record BodyPreview(String text, long bytes, boolean cut) {

    /** Characters shown at most: the first and the last half of it when the body is longer. */
    static final int MAX_CHARS = 16_000;

    /** Characters of one JSON string shown at most (a system prompt, an image's base64). */
    static final int MAX_STRING = 2_000;

    /** Characters dropped from the end of a body kept only in part, where a secret may be cut in half. */
    static final int RAGGED_END = 512;

    private static final Pattern SECRET_FIELD = Pattern.compile(
            "(?i)(\\\\?\"(?:x-api-key|x-goog-api-key|api[_-]?key|authorization|access[_-]?token|token|secret|client[_-]?secret"
                    + "|password|private[_-]?key)\\\\?\"\\s*:\\s*\\\\?\")((?:[^\"\\\\]|\\\\[^\"])*)(\\\\?\"|$)");
    private static final Pattern KEY_SHAPE = Pattern.compile(
            "\\b(?:sk-ant-[A-Za-z0-9_-]{16,}|sk-[A-Za-z0-9_-]{20,}|AIza[0-9A-Za-z_-]{30,}|gsk_[A-Za-z0-9]{20,}"
                    + "|xai-[A-Za-z0-9]{20,}|(?:Bearer|bearer)\\s+[A-Za-z0-9._~+/-]{16,}=*)");
    private static final Pattern PRIVATE_KEY =
            Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----(?:.|\\R)*?(?:-----END [A-Z ]*PRIVATE KEY-----|\\z)");

    /**
     * The preview of {@code body}, of which {@code total} bytes were sent ({@code body} may hold only the
     * start of them).
     */
    static BodyPreview of(byte[] body, long total, Redactor redactor, JsonMapper json) {
        boolean partial = body.length < total;
        String text = new String(body, StandardCharsets.UTF_8);
        if (partial) {
            text = text.substring(0, Math.max(0, text.length() - RAGGED_END));
        }
        Masked m = masked(text, redactor, json);
        String masked = m.text();
        if (masked.length() <= MAX_CHARS) {
            return new BodyPreview(
                    masked + (partial ? "\n… (the rest was not kept)" : ""), total, partial || m.shortened());
        }
        int half = MAX_CHARS / 2;
        String shown = masked.substring(0, half)
                + "\n\n… " + (masked.length() - MAX_CHARS) + " characters left out …\n\n"
                + masked.substring(masked.length() - half)
                + (partial ? "\n… (the rest was not kept)" : "");
        return new BodyPreview(shown, total, true);
    }

    /**
     * A body's text with every secret masked.
     *
     * @param text the masked text
     * @param shortened whether a long string in it was cut
     */
    record Masked(String text, boolean shortened) {}

    /** {@code text} with every secret masked: as JSON when it is JSON, else as an event stream or text. */
    static Masked masked(String text, Redactor redactor, JsonMapper json) {
        boolean[] cut = {false};
        JsonNode tree = tree(text.strip(), json);
        if (tree != null) {
            return new Masked(
                    json.writerWithDefaultPrettyPrinter()
                            .writeValueAsString(shortened(redactor.redact(tree), redactor, cut)),
                    cut[0]);
        }
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            JsonNode data = line.startsWith("data:") ? tree(line.substring(5).strip(), json) : null;
            lines.add(
                    data == null
                            ? scrub(line, redactor)
                            : "data: " + json.writeValueAsString(shortened(redactor.redact(data), redactor, cut)));
        }
        return new Masked(String.join("\n", lines), cut[0]);
    }

    /** One text with every secret the redactor knows and every key-shaped or secret-named value masked. */
    static String scrub(String text, Redactor redactor) {
        String out = redactor.redact(text);
        out = SECRET_FIELD
                .matcher(out)
                .replaceAll(m -> Matcher.quoteReplacement(m.group(1) + Redactor.MASK + m.group(3)));
        out = PRIVATE_KEY.matcher(out).replaceAll(Redactor.MASK);
        return KEY_SHAPE.matcher(out).replaceAll(Redactor.MASK);
    }

    private static @Nullable JsonNode tree(String text, JsonMapper json) {
        if (!text.startsWith("{") && !text.startsWith("[")) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JacksonException e) {
            return null;
        }
    }

    /**
     * A copy of {@code node} with each string {@link #scrub}bed (a tool's JSON input or a pasted key sits
     * in a string), then cut to {@link #MAX_STRING}, saying how much was left out.
     */
    private static JsonNode shortened(JsonNode node, Redactor redactor, boolean[] cut) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node.isString()) {
            String s = scrub(node.stringValue(), redactor);
            if (s.length() <= MAX_STRING) {
                return f.stringNode(s);
            }
            cut[0] = true;
            return f.stringNode(s.substring(0, MAX_STRING) + "… (" + (s.length() - MAX_STRING) + " more characters)");
        }
        if (node.isObject()) {
            ObjectNode out = f.objectNode();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                out.set(e.getKey(), shortened(e.getValue(), redactor, cut));
            }
            return out;
        }
        if (node.isArray()) {
            var out = f.arrayNode();
            node.forEach(v -> out.add(shortened(v, redactor, cut)));
            return out;
        }
        return node;
    }
}
