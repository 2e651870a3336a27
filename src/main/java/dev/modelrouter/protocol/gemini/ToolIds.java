package dev.modelrouter.protocol.gemini;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Tool-call ids across Gemini. Gemini may or may not number its calls (protocols.md 7); its own ids
 * are kept with a marker so that only they are sent back ({@code functionCall.id},
 * {@code functionResponse.id}), and calls without one get a stable {@code toolu_} id derived from the
 * call, valid for Anthropic's {@code ^[a-zA-Z0-9_-]+$}.
 */
final class ToolIds {

    static final String GEMINI_PREFIX = "gmcall_";
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9_-]+");

    private ToolIds() {}

    /** The canonical id of a call Gemini numbered itself; a foreign-looking id is replaced by a stable hash. */
    static String fromGemini(String geminiId) {
        return VALID.matcher(geminiId).matches() ? GEMINI_PREFIX + geminiId : "toolu_" + hash(geminiId);
    }

    /** A Gemini client's own call id, made valid for Anthropic the same way wherever it appears. */
    static String fromClient(String clientId) {
        return VALID.matcher(clientId).matches() ? clientId : "toolu_" + hash(clientId);
    }

    /** The id to send to Gemini, or {@code null} when the canonical id is not one Gemini made. */
    static @Nullable String toGemini(String id) {
        return id.startsWith(GEMINI_PREFIX) && id.length() > GEMINI_PREFIX.length()
                ? id.substring(GEMINI_PREFIX.length())
                : null;
    }

    /** A stable id for a call without one, from what identifies it. */
    static String generated(String... parts) {
        return "toolu_" + hash(String.join("\u0000", parts));
    }

    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
