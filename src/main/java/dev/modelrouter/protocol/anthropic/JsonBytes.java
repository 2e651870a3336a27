package dev.modelrouter.protocol.anthropic;

/** Questions about a JSON body answered from its raw UTF-8 bytes, without decoding strings. */
final class JsonBytes {

    private JsonBytes() {}

    /**
     * Whether the JSON string whose opening quote is at {@code quote} can decode to text holding the
     * ASCII {@code needle}, which must be made of characters that JSON never needs to escape. The
     * decoded text then holds the needle only if the raw bytes do or a backslash-u escape spells part
     * of it, so a system prompt of several KB need not be decoded to learn that it has no sub-agent
     * tag (decoding it was a sixth of the scan). Answers {@code true} for an unterminated string, so
     * that the caller decodes it and the parser reports it as before.
     */
    static boolean stringMayHold(byte[] body, int quote, byte[] needle) {
        byte first = needle[0];
        for (int i = quote + 1; i < body.length; i++) {
            byte b = body[i];
            if (b == '"') {
                return false;
            }
            if (b == '\\') {
                if (i + 1 >= body.length || body[i + 1] == 'u') {
                    return true;
                }
                i++;
            } else if (b == first && startsWithAt(body, needle, i)) {
                return true;
            }
        }
        return true;
    }

    private static boolean startsWithAt(byte[] body, byte[] prefix, int at) {
        if (at + prefix.length > body.length) {
            return false;
        }
        for (int j = 1; j < prefix.length; j++) {
            if (body[at + j] != prefix[j]) {
                return false;
            }
        }
        return true;
    }
}
