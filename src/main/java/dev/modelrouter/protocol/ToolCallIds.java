package dev.modelrouter.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Makes foreign tool-call ids fit Anthropic's {@code ^[a-zA-Z0-9_-]+$}. Kimi sends ids such as
 * {@code functions.Bash:0} (https://github.com/musistudio/claude-code-router/issues/1808), and the
 * Responses API's ids can be anything; the mapping is deterministic and idempotent, so a
 * {@code tool_use.id} and the {@code tool_result.tool_use_id} that answers it always agree, in both
 * directions and across requests.
 */
public final class ToolCallIds {

    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9_-]+");
    private static final Pattern INVALID_CHAR = Pattern.compile("[^a-zA-Z0-9_-]");

    private ToolCallIds() {}

    /** The id itself when valid; otherwise invalid characters become {@code _} plus a short hash against collisions. */
    public static String sanitize(String id) {
        if (VALID.matcher(id).matches()) {
            return id;
        }
        return INVALID_CHAR.matcher(id).replaceAll("_") + "_" + hash(id);
    }

    /** A stable id for the call at {@code position} of an answer whose upstream sent it without one. */
    public static String generated(String prefix, String answerId, int position) {
        return sanitize(prefix + answerId + "_" + position);
    }

    /** Eight hex digits of the text's SHA-256. */
    public static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
