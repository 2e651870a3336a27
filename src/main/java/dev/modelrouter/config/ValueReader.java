package dev.modelrouter.config;

import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Typed reads of scalar values. A wrong type is recorded as an error and the default is returned, so
 * validation can go on and report everything at once. Numbers and booleans written as strings
 * ({@code "3456"}, {@code "true"}) are accepted because ccr's JavaScript accepted them.
 */
final class ValueReader {

    private final Findings findings;

    ValueReader(Findings findings) {
        this.findings = findings;
    }

    /** Absent and {@code null} both mean "not set", as in ccr. */
    static boolean absent(JsonNode node) {
        return node.isMissingNode() || node.isNull();
    }

    /** A string, or {@code null} when absent or empty. */
    @Nullable
    String string(JsonNode node, String path) {
        if (absent(node)) {
            return null;
        }
        if (!node.isString()) {
            findings.error(path, "expected a string, got " + show(node));
            return null;
        }
        String s = node.stringValue().trim();
        return s.isEmpty() ? null : s;
    }

    String string(JsonNode node, String path, String fallback) {
        String s = string(node, path);
        return s == null ? fallback : s;
    }

    boolean bool(JsonNode node, String path, boolean fallback) {
        if (absent(node)) {
            return fallback;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isString()) {
            String s = node.stringValue().trim().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("false")) {
                return Boolean.parseBoolean(s);
            }
        }
        findings.error(path, "expected true or false, got " + show(node));
        return fallback;
    }

    /** An integer in {@code [min, max]}. */
    long integer(JsonNode node, String path, long min, long max, long fallback) {
        if (absent(node)) {
            return fallback;
        }
        Long value = null;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            value = node.longValue();
        } else if (node.isFloatingPointNumber() && node.canConvertToExactIntegral() && node.canConvertToLong()) {
            value = node.longValue();
        } else if (node.isString()) {
            try {
                value = Long.parseLong(node.stringValue().trim());
            } catch (NumberFormatException e) {
                value = null;
            }
        }
        if (value == null || value < min || value > max) {
            String range = max >= Integer.MAX_VALUE ? "an integer >= " + min : "an integer " + min + "-" + max;
            findings.error(path, "expected " + range + ", got " + show(node));
            return fallback;
        }
        return value;
    }

    /** The value as JSON text, for messages; long strings are shortened. */
    static String show(JsonNode node) {
        String text = node.isMissingNode() ? "nothing" : node.toString();
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
