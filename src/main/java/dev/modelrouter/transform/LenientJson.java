package dev.modelrouter.transform;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Repairs the tool arguments weaker models produce: single quotes, unquoted keys, trailing commas,
 * comments, raw newlines in strings, text before or after the object, and objects cut short (unclosed
 * strings, braces and brackets). A small cousin of jsonrepair, which claude-code-router's
 * {@code enhancetool} falls back to.
 */
final class LenientJson {

    private static final JsonMapper LENIENT = JsonMapper.builder()
            .enable(
                    JsonReadFeature.ALLOW_SINGLE_QUOTES,
                    JsonReadFeature.ALLOW_UNQUOTED_PROPERTY_NAMES,
                    JsonReadFeature.ALLOW_TRAILING_COMMA,
                    JsonReadFeature.ALLOW_JAVA_COMMENTS,
                    JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS,
                    JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER,
                    JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS,
                    JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS,
                    JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS,
                    JsonReadFeature.ALLOW_TRAILING_DECIMAL_POINT_FOR_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private LenientJson() {}

    /**
     * The tool arguments in {@code text} as a compact JSON object: blank means {@code {}}; a JSON string
     * holding an object (double-encoded arguments) is unwrapped.
     *
     * @return the object's JSON, or empty when nothing sensible could be recovered
     */
    static Optional<String> repairObject(String text) {
        if (text.isBlank()) {
            return Optional.of("{}");
        }
        Optional<JsonNode> node = parse(text);
        if (node.isPresent() && node.get().isString()) {
            node = parse(node.get().stringValue());
        }
        return node.filter(JsonNode::isObject).map(Json::write);
    }

    private static Optional<JsonNode> parse(String text) {
        String trimmed = text.strip();
        int start = trimmed.startsWith("\"") ? 0 : trimmed.indexOf('{');
        if (start < 0) {
            return Optional.empty();
        }
        String candidate = trimmed.substring(start);
        Optional<JsonNode> node = read(candidate);
        return node.isPresent() ? node : read(balance(candidate));
    }

    private static Optional<JsonNode> read(String text) {
        try {
            JsonNode node = LENIENT.readTree(text);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /**
     * Cuts {@code text} after its first complete value, or, when it ends early, closes the open string
     * and every open bracket, dropping a dangling comma, colon or key first.
     */
    static String balance(String text) {
        Deque<Character> open = new ArrayDeque<>();
        StringBuilder out = new StringBuilder(text.length() + 8);
        char quote = 0;
        boolean escaped = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '{' || c == '[') {
                open.push(c == '{' ? '}' : ']');
            } else if (c == '}' || c == ']') {
                if (open.isEmpty() || open.peek() != c) {
                    break; // a stray closer: what follows is garbage
                }
                open.pop();
                out.append(c);
                if (open.isEmpty()) {
                    return out.toString();
                }
                continue;
            }
            out.append(c);
        }
        if (escaped) {
            out.setLength(out.length() - 1);
        }
        if (quote != 0) {
            out.append(quote);
        }
        trimDangling(out, !open.isEmpty() && open.peek() == '}');
        while (!open.isEmpty()) {
            out.append(open.pop());
        }
        return out.toString();
    }

    /** Drops a trailing comma or a key without its value ({@code {"a": 1, "b":} → {"a": 1}}). */
    private static void trimDangling(StringBuilder out, boolean inObject) {
        stripTrailingSpace(out);
        if (out.length() > 0 && out.charAt(out.length() - 1) == ':') {
            out.setLength(out.length() - 1);
            stripTrailingSpace(out);
            dropLastToken(out);
            stripTrailingSpace(out);
        } else if (inObject && out.length() > 0) {
            // a key cut before its colon: {"a": 1, "b
            String saved = out.toString();
            dropLastToken(out);
            String before = out.toString().stripTrailing();
            out.setLength(0);
            if (before.endsWith(",") || before.endsWith("{")) {
                out.append(before);
            } else {
                out.append(saved); // the token was a value
            }
        }
        if (out.length() > 0 && out.charAt(out.length() - 1) == ',') {
            out.setLength(out.length() - 1);
        }
    }

    private static void dropLastToken(StringBuilder out) {
        int end = out.length();
        if (end == 0) {
            return;
        }
        char last = out.charAt(end - 1);
        int i = end - 1;
        if (last == '"' || last == '\'') {
            i--;
            while (i >= 0 && !(out.charAt(i) == last && (i == 0 || out.charAt(i - 1) != '\\'))) {
                i--;
            }
        } else {
            while (i >= 0
                    && (Character.isLetterOrDigit(out.charAt(i)) || out.charAt(i) == '_' || out.charAt(i) == '$')) {
                i--;
            }
            i++;
        }
        out.setLength(Math.max(i, 0));
    }

    private static void stripTrailingSpace(StringBuilder out) {
        while (out.length() > 0 && Character.isWhitespace(out.charAt(out.length() - 1))) {
            out.setLength(out.length() - 1);
        }
    }
}
