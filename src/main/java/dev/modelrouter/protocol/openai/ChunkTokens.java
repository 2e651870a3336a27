package dev.modelrouter.protocol.openai;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The steps of the token-stream reads of chunks ({@link ChunkFields}, {@link ToolCallFragment}): each
 * throws {@link Unusual} where the chunk is not in a shape those reads take, so that the caller leaves
 * it to the tree.
 */
final class ChunkTokens {

    /** Thrown inside a read when the chunk is not one this path reads; never escapes. */
    static final class Unusual extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Unusual SHAPE = new Unusual();

        private Unusual() {
            super("unusual chunk shape", null, false, false);
        }
    }

    private ChunkTokens() {}

    /** Moves to the next field name of the current object; false at its end. */
    static boolean nextField(JsonParser p) {
        JsonToken t = p.nextToken();
        if (t == JsonToken.PROPERTY_NAME) {
            return true;
        }
        expect(t, JsonToken.END_OBJECT);
        return false;
    }

    static void expect(@Nullable JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw Unusual.SHAPE;
        }
    }

    /** {@code seen} with {@code bit} set, which must not have been set before. */
    static int onceIn(int seen, int bit) {
        if ((seen & (1 << bit)) != 0) {
            throw Unusual.SHAPE;
        }
        return seen | (1 << bit);
    }

    /** The current value, a string or null. */
    static @Nullable String stringOrNull(JsonParser p) {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p.currentToken(), JsonToken.VALUE_STRING);
        return p.getString();
    }

    /** The current value, an int. */
    static int integer(JsonParser p) {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw Unusual.SHAPE;
        }
        return p.getIntValue();
    }
}
