package dev.modelrouter.protocol;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Tool;
import dev.modelrouter.model.ToolChoice;
import java.util.HashMap;
import java.util.Map;

/**
 * Fits tool names into the 64 characters of OpenAI's Chat Completions and Responses APIs (Anthropic
 * allows 128; MCP names such as {@code mcp__plugin_...} overflow,
 * https://github.com/danny-avila/LibreChat/issues/7435) and maps the shortened names the model calls
 * back to the originals. Shortening is deterministic, so tool definitions, replayed tool calls and
 * {@code tool_choice} always agree. The Responses API limits call ids the same way
 * (https://github.com/decolua/9router/issues/393), so they are shortened alike.
 */
public final class ToolNames {

    public static final int MAX_LENGTH = 64;
    private static final int HASH_LENGTH = 8;

    private final Map<String, String> originals;

    private ToolNames(Map<String, String> originals) {
        this.originals = originals;
    }

    /** The names of a request's tools, tool calls and tool choice. */
    public static ToolNames of(ChatRequest request) {
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
        return new ToolNames(originals);
    }

    /** No known names: every name maps to itself. */
    public static ToolNames none() {
        return new ToolNames(Map.of());
    }

    private static void remember(Map<String, String> originals, String name) {
        String wire = shorten(name);
        if (!wire.equals(name)) {
            originals.put(wire, name);
        }
    }

    /** The name itself when short enough; otherwise a prefix and a hash of the whole name, 64 characters. */
    public static String shorten(String name) {
        if (name.length() <= MAX_LENGTH) {
            return name;
        }
        return name.substring(0, MAX_LENGTH - HASH_LENGTH - 1) + "_" + ToolCallIds.hash(name);
    }

    /** The original of a name the upstream used; unknown names map to themselves. */
    public String original(String wireName) {
        return originals.getOrDefault(wireName, wireName);
    }
}
