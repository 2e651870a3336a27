package dev.modelrouter.protocol.anthropic;

import org.jspecify.annotations.Nullable;

/**
 * A delta event in exactly the shape Anthropic writes it, {@code
 * {"type":"content_block_delta","index":N,"delta":{"type":"T","F":"V"}}} with no escape in its value,
 * read by one scan of the text: the form of nearly every event of a stream, each of which took a
 * JSON parser of its own. Anything else (spacing, another field order, an escape) is left to the
 * reader's parser, which reads it the same.
 *
 * @param index the upstream block index
 * @param type the delta's {@code type}
 * @param field the name of its one other field
 * @param value that field's text
 */
record PlainDelta(int index, String type, String field, String value) {

    private static final String INDEX = ",\"index\":";
    private static final String DELTA = ",\"delta\":{\"type\":\"";
    // the names a delta has, shared rather than cut out of every event
    private static final String[] TYPES = {"text_delta", "thinking_delta", "input_json_delta", "signature_delta"};
    private static final String[] FIELDS = {"text", "thinking", "partial_json", "signature"};

    /** The delta of {@code data} read from {@code at} (just after its type), or {@code null}. */
    static @Nullable PlainDelta scan(String data, int at) {
        if (!data.startsWith(INDEX, at)) {
            return null;
        }
        int digits = at + INDEX.length();
        int i = indexEnd(data, digits);
        if (i < 0 || !data.startsWith(DELTA, i)) {
            return null;
        }
        int index = Integer.parseInt(data, digits, i, 10);
        i += DELTA.length();
        int typeEnd = plainEnd(data, i);
        if (typeEnd < 0 || !data.startsWith("\",\"", typeEnd)) {
            return null;
        }
        String type = known(data, i, typeEnd, TYPES);
        i = typeEnd + 3;
        int fieldEnd = plainEnd(data, i);
        if (fieldEnd < 0 || !data.startsWith("\":\"", fieldEnd)) {
            return null;
        }
        String field = known(data, i, fieldEnd, FIELDS);
        i = fieldEnd + 3;
        int valueEnd = plainEnd(data, i);
        // the event's last three characters close the value, the delta and the event
        if (valueEnd < 0 || valueEnd != data.length() - 3 || !data.endsWith("\"}}")) {
            return null;
        }
        return new PlainDelta(index, type, field, data.substring(i, valueEnd));
    }

    /** The text of {@code data} from {@code from} to {@code to}: one of {@code names} when it is one, else a copy. */
    private static String known(String data, int from, int to, String[] names) {
        for (String name : names) {
            if (name.length() == to - from && data.startsWith(name, from)) {
                return name;
            }
        }
        return data.substring(from, to);
    }

    /**
     * Where the block index written at {@code from} ends, as Anthropic writes it: one to nine digits
     * without a leading zero; -1 when there is none.
     */
    static int indexEnd(String data, int from) {
        int i = from;
        while (i < data.length() && i - from < 9 && data.charAt(i) >= '0' && data.charAt(i) <= '9') {
            i++;
        }
        return i == from || (data.charAt(from) == '0' && i - from > 1) ? -1 : i;
    }

    /** Where the string starting at {@code from} ends (its closing quote), or -1 if it has an escape or a control character. */
    private static int plainEnd(String data, int from) {
        for (int i = from; i < data.length(); i++) {
            char c = data.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' || c < 0x20) {
                return -1;
            }
        }
        return -1;
    }
}
