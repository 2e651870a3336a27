package dev.modelrouter.protocol.responses;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Tool;
import dev.modelrouter.model.ToolChoice;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Fits tool names and call ids into the Responses API's 64 characters, and makes the call ids it
 * returns fit Anthropic's {@code ^[a-zA-Z0-9_-]+$}. Both mappings are deterministic, so tool
 * definitions, replayed calls, their outputs and {@code tool_choice} always agree, across requests too.
 * MCP tool names overflow 64 characters (https://github.com/danny-avila/LibreChat/issues/7435), and so
 * do call ids minted by other providers (https://github.com/decolua/9router/issues/393).
 */
final class WireNames {

    static final int MAX_LENGTH = 64;
    private static final int HASH_LENGTH = 8;
    private static final Pattern VALID_ID = Pattern.compile("[a-zA-Z0-9_-]+");
    private static final Pattern INVALID_ID_CHAR = Pattern.compile("[^a-zA-Z0-9_-]");

    private final Map<String, String> originals;

    private WireNames(Map<String, String> originals) {
        this.originals = originals;
    }

    /** The shortened names of a request's tools, tool calls and tool choice, to map answers back. */
    static WireNames of(ChatRequest request) {
        Map<String, String> originals = new HashMap<>();
        for (Tool tool : request.tools()) {
            remember(originals, tool.name());
        }
        for (Message message : request.messages()) {
            for (Content block : message.content()) {
                if (block instanceof Content.ToolUse use) {
                    remember(originals, use.name());
                }
            }
        }
        if (request.toolChoice() instanceof ToolChoice.Named named) {
            remember(originals, named.name());
        }
        return new WireNames(originals);
    }

    /** No known names: every name maps to itself. */
    static WireNames none() {
        return new WireNames(Map.of());
    }

    private static void remember(Map<String, String> originals, String name) {
        String wire = shorten(name);
        if (!wire.equals(name)) {
            originals.put(wire, name);
        }
    }

    /** The original of a tool name the upstream used; unknown names map to themselves. */
    String original(String wireName) {
        return originals.getOrDefault(wireName, wireName);
    }

    /** The text itself when short enough; otherwise a prefix and a hash of the whole text, 64 characters. */
    static String shorten(String text) {
        if (text.length() <= MAX_LENGTH) {
            return text;
        }
        return text.substring(0, MAX_LENGTH - HASH_LENGTH - 1) + "_" + hash(text);
    }

    /** An upstream call id as a canonical tool-use id: valid ids unchanged, others made valid plus a hash. */
    static String callId(String wireId) {
        if (VALID_ID.matcher(wireId).matches()) {
            return wireId;
        }
        return INVALID_ID_CHAR.matcher(wireId).replaceAll("_") + "_" + hash(wireId);
    }

    /** A stable id for a call the upstream sent without one. */
    static String generatedCallId(String responseId, int position) {
        return callId("call_" + responseId + "_" + position);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, HASH_LENGTH / 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
