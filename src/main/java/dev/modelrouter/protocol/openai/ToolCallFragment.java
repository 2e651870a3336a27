package dev.modelrouter.protocol.openai;

import static dev.modelrouter.protocol.openai.ChunkTokens.expect;
import static dev.modelrouter.protocol.openai.ChunkTokens.integer;
import static dev.modelrouter.protocol.openai.ChunkTokens.nextField;
import static dev.modelrouter.protocol.openai.ChunkTokens.onceIn;
import static dev.modelrouter.protocol.openai.ChunkTokens.stringOrNull;

import dev.modelrouter.protocol.WireJson;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * One element of a chunk's {@code delta.tool_calls}: a fragment of a call that the stream reader
 * assembles by its index.
 *
 * @param wireIndex the call's {@code index}, or the element's position in the list when it has none
 * @param id the call's id, {@code null} when this fragment has none
 * @param name the function's name, {@code null} when this fragment has none
 * @param arguments this fragment's piece of the arguments' JSON text, {@code null} when it has none
 */
record ToolCallFragment(
        int wireIndex,
        @Nullable String id,
        @Nullable String name,
        @Nullable String arguments) {

    // the bits of one tool call fragment's own fields
    private static final int CALL_INDEX = 0;
    private static final int CALL_ID = 1;
    private static final int CALL_FUNCTION = 2;
    private static final int CALL_NAME = 3;
    private static final int CALL_ARGUMENTS = 4;

    /** The fragment {@code call} of a chunk read as a tree, at {@code position} in its list. */
    static ToolCallFragment of(JsonNode call, int position) {
        JsonNode index = WireJson.field(call, "index");
        JsonNode function = call.path("function");
        return new ToolCallFragment(
                index != null && index.isIntegralNumber() ? WireJson.saturatedInt(index) : position,
                WireJson.text(call, "id"),
                WireJson.text(function, "name"),
                WireJson.text(function, "arguments"));
    }

    /** A delta's tool call fragments read with the token stream; the parser is at the list's start. */
    static List<ToolCallFragment> readList(JsonParser p) {
        expect(p.currentToken(), JsonToken.START_ARRAY);
        List<ToolCallFragment> calls = new ArrayList<>(1);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            expect(t, JsonToken.START_OBJECT);
            int seen = 0;
            int index = calls.size();
            String id = null;
            Function function = Function.NONE;
            while (nextField(p)) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "index" -> {
                        seen = onceIn(seen, CALL_INDEX);
                        if (value != JsonToken.VALUE_NULL) {
                            index = integer(p);
                        }
                    }
                    case "id" -> {
                        seen = onceIn(seen, CALL_ID);
                        id = stringOrNull(p);
                    }
                    case "function" -> {
                        seen = onceIn(seen, CALL_FUNCTION);
                        if (value != JsonToken.VALUE_NULL) {
                            function = function(p);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            calls.add(new ToolCallFragment(index, id, function.name(), function.arguments()));
        }
        return calls;
    }

    /** A call's function: its name and its piece of the arguments, each {@code null} when absent. */
    private record Function(@Nullable String name, @Nullable String arguments) {
        static final Function NONE = new Function(null, null);
    }

    /** A call's function; the parser is at the object's start. */
    private static Function function(JsonParser p) {
        expect(p.currentToken(), JsonToken.START_OBJECT);
        int seen = 0;
        String name = null;
        String arguments = null;
        while (nextField(p)) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "name" -> {
                    seen = onceIn(seen, CALL_NAME);
                    name = stringOrNull(p);
                }
                case "arguments" -> {
                    seen = onceIn(seen, CALL_ARGUMENTS);
                    arguments = stringOrNull(p);
                }
                default -> p.skipChildren();
            }
        }
        return new Function(name, arguments);
    }
}
