package dev.modelrouter.protocol.anthropic;

import dev.modelrouter.model.Content;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.Usage;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The events a stream has once per message or block ({@code message_start}, {@code
 * content_block_start}, {@code message_delta}) read with the token stream: a tree of each cost about
 * 2 KB, a third of a short stream's reading. Only the fields the reader keeps are read, in any order,
 * and the rest skipped, as the tree path ignores them. Anything this path does not read the way the
 * tree path would (a field it reads repeated or of another kind, a block type other than text,
 * thinking and tool use, a cache mark, tool input that is not empty, trailing text, bad JSON) gives
 * {@code null}, so the reader's tree path reads the event and reports any fault.
 */
final class PlainEvents {

    static final String MESSAGE_START = "{\"type\":\"message_start\"";
    static final String BLOCK_START = "{\"type\":\"content_block_start\"";
    static final String MESSAGE_DELTA = "{\"type\":\"message_delta\"";

    /**
     * A {@code message_start}'s fields.
     *
     * @param usage the message's usage read over zeros, {@code null} when it has none
     */
    record Start(
            @Nullable String id,
            @Nullable String model,
            @Nullable Usage usage) {}

    /** A {@code content_block_start}'s upstream index and block (its thinking signature placeholder dropped). */
    record BlockStart(int index, Content block) {}

    /**
     * A {@code message_delta}'s fields.
     *
     * @param reason the stop reason, {@code null} when it has none
     * @param usage its usage read over the reader's, {@code null} when it has none
     */
    record MessageDelta(
            @Nullable StopReason reason,
            @Nullable String stopSequence,
            @Nullable Usage usage) {}

    /** Thrown inside a read when the event is not one this path reads; never escapes. */
    private static final class Unusual extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Unusual SHAPE = new Unusual();

        private Unusual() {
            super("unusual event shape", null, false, false);
        }
    }

    private PlainEvents() {}

    /** {@code data}, which starts with {@link #MESSAGE_START}, read; or {@code null}. */
    static @Nullable Start messageStart(String data) {
        try (JsonParser p = open(data)) {
            Start start = null;
            while (nextField(p)) {
                if (p.currentName().equals("message")) {
                    once(start == null ? 0 : 1, 0);
                    expect(p.nextToken(), JsonToken.START_OBJECT);
                    start = message(p);
                } else {
                    skip(p);
                }
            }
            close(p);
            return start;
        } catch (Unusual | JacksonException e) {
            return null;
        }
    }

    /** {@code data}, which starts with {@link #BLOCK_START}, read; or {@code null}. */
    static @Nullable BlockStart blockStart(String data) {
        try (JsonParser p = open(data)) {
            int index = -1;
            Content block = null;
            int seen = 0;
            while (nextField(p)) {
                String name = p.currentName();
                if (name.equals("index")) {
                    seen = once(seen, 0);
                    p.nextToken();
                    index = integer(p);
                } else if (name.equals("content_block")) {
                    seen = once(seen, 1);
                    expect(p.nextToken(), JsonToken.START_OBJECT);
                    block = block(p);
                } else {
                    skip(p);
                }
            }
            close(p);
            return index < 0 || block == null ? null : new BlockStart(index, block);
        } catch (Unusual | JacksonException e) {
            return null;
        }
    }

    /** {@code data}, which starts with {@link #MESSAGE_DELTA}, read over the reader's {@code usage}; or {@code null}. */
    static @Nullable MessageDelta messageDelta(String data, Usage usage) {
        try (JsonParser p = open(data)) {
            String[] stop = null;
            Usage read = null;
            int seen = 0;
            while (nextField(p)) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("delta")) {
                    seen = once(seen, 0);
                    stop = value == JsonToken.VALUE_NULL ? null : stop(p);
                } else if (name.equals("usage")) {
                    seen = once(seen, 1);
                    read = value == JsonToken.VALUE_NULL ? null : usage(p, usage);
                } else {
                    p.skipChildren();
                }
            }
            close(p);
            StopReason reason =
                    stop == null || stop[0] == null ? null : AnthropicResponseMapper.readStopReason(stop[0]);
            return new MessageDelta(reason, stop == null ? null : stop[1], read);
        } catch (Unusual | JacksonException e) {
            return null;
        }
    }

    /** The message object's id, model and usage; the parser is at its start. */
    private static Start message(JsonParser p) {
        String id = null;
        String model = null;
        Usage usage = null;
        int seen = 0;
        while (nextField(p)) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            int field = switch (name) {
                case "id" -> 0;
                case "model" -> 1;
                case "usage" -> 2;
                default -> -1;
            };
            if (field >= 0) {
                seen = once(seen, field);
            }
            if (field < 0 || value == JsonToken.VALUE_NULL) {
                p.skipChildren();
            } else if (field == 0) {
                id = string(p);
            } else if (field == 1) {
                model = string(p);
            } else {
                usage = usage(p, Usage.ZERO);
            }
        }
        return new Start(id, model, usage);
    }

    /** The {@code stop_reason} and {@code stop_sequence} of a message delta's {@code delta}, each null when absent. */
    private static String[] stop(JsonParser p) {
        expect(p.currentToken(), JsonToken.START_OBJECT);
        String[] stop = new String[2];
        int seen = 0;
        while (nextField(p)) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            int field = name.equals("stop_reason") ? 0 : name.equals("stop_sequence") ? 1 : -1;
            if (field < 0) {
                p.skipChildren();
                continue;
            }
            seen = once(seen, field);
            stop[field] = value == JsonToken.VALUE_NULL ? null : string(p);
        }
        return stop;
    }

    /** A content block's start; the parser is at its start. */
    private static Content block(JsonParser p) {
        // type, text, thinking, signature, id, name
        String[] fields = new String[6];
        int seen = 0;
        while (nextField(p)) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            int field = switch (name) {
                case "type" -> 0;
                case "text" -> 1;
                case "thinking" -> 2;
                case "signature" -> 3;
                case "id" -> 4;
                case "name" -> 5;
                case "input" -> 6;
                case "cache_control" -> throw Unusual.SHAPE;
                default -> -1;
            };
            if (field < 0) {
                p.skipChildren();
                continue;
            }
            seen = once(seen, field);
            if (field == 6) {
                // a start's input is {} (its arguments come as deltas); any other input is read as a tree
                if (value != JsonToken.VALUE_NULL) {
                    expect(value, JsonToken.START_OBJECT);
                    expect(p.nextToken(), JsonToken.END_OBJECT);
                }
            } else if (field != 3 || value != JsonToken.VALUE_NULL) {
                fields[field] = string(p);
            }
        }
        String type = fields[0] == null ? "" : fields[0];
        return switch (type) {
            case "text" -> new Content.Text(required(fields[1]), null);
            case "thinking" ->
                new Content.Thinking(required(fields[2]), fields[3] == null || fields[3].isEmpty() ? null : fields[3]);
            case "tool_use" -> new Content.ToolUse(required(fields[4]), required(fields[5]), Json.object(), null);
            case "server_tool_use" ->
                new Content.ServerToolUse(required(fields[4]), required(fields[5]), Json.object());
            default -> throw Unusual.SHAPE;
        };
    }

    /** A usage object read over {@code base}; the parser is at its start. */
    private static Usage usage(JsonParser p, Usage base) {
        expect(p.currentToken(), JsonToken.START_OBJECT);
        int[] values = {base.input(), base.output(), base.cacheRead(), base.cacheWrite()};
        int seen = 0;
        while (nextField(p)) {
            int field = switch (p.currentName()) {
                case "input_tokens" -> 0;
                case "output_tokens" -> 1;
                case "cache_read_input_tokens" -> 2;
                case "cache_creation_input_tokens" -> 3;
                default -> -1;
            };
            JsonToken value = p.nextToken();
            if (field < 0) {
                p.skipChildren();
                continue;
            }
            seen = once(seen, field);
            if (value != JsonToken.VALUE_NULL) {
                values[field] = integer(p);
            }
        }
        return new Usage(values[0], values[1], values[2], values[3]);
    }

    private static JsonParser open(String data) {
        JsonParser p = Json.MAPPER.createParser(data);
        expect(p.nextToken(), JsonToken.START_OBJECT);
        // the caller checked the prefix: the first field is the type, which is known
        expect(p.nextToken(), JsonToken.PROPERTY_NAME);
        expect(p.nextToken(), JsonToken.VALUE_STRING);
        return p;
    }

    /** Moves to the next field name of the current object; false at its end. */
    private static boolean nextField(JsonParser p) {
        JsonToken t = p.nextToken();
        if (t == JsonToken.PROPERTY_NAME) {
            if (p.currentName().equals("type")
                    && p.streamReadContext().getParent().inRoot()) {
                // a second type at the top: the tree keeps one of the two, so it decides
                throw Unusual.SHAPE;
            }
            return true;
        }
        expect(t, JsonToken.END_OBJECT);
        return false;
    }

    /** After the event's closing brace: nothing may follow. */
    private static void close(JsonParser p) {
        if (p.nextToken() != null) {
            throw Unusual.SHAPE;
        }
    }

    private static void skip(JsonParser p) {
        p.nextToken();
        p.skipChildren();
    }

    private static void expect(@Nullable JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw Unusual.SHAPE;
        }
    }

    /** {@code seen} with {@code field} added; a field read twice is left to the tree, which keeps one of the two. */
    private static int once(int seen, int field) {
        if ((seen & (1 << field)) != 0) {
            throw Unusual.SHAPE;
        }
        return seen | (1 << field);
    }

    private static String string(JsonParser p) {
        expect(p.currentToken(), JsonToken.VALUE_STRING);
        return p.getString();
    }

    private static String required(@Nullable String value) {
        if (value == null) {
            throw Unusual.SHAPE;
        }
        return value;
    }

    private static int integer(JsonParser p) {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw Unusual.SHAPE;
        }
        return p.getIntValue();
    }
}
