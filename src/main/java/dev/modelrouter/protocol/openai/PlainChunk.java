package dev.modelrouter.protocol.openai;

import org.jspecify.annotations.Nullable;

/**
 * A Chat Completions chunk whose only news is its first choice's text, read by one scan of its JSON
 * text: the form of nearly every chunk of a stream, each of which took a JSON tree of its own. The scan
 * accepts only strict JSON whose every other part the stream reader ignores: a null {@code usage},
 * {@code finish_reason} and delta fields other than {@code role} and {@code content}, any other
 * top-level or choice field, and choices after the first. Anything else (an error, usage, reasoning,
 * tool calls, a finish, a duplicate key, JSON the parser would refuse) is left to the reader's parser.
 * It assumes the stream has started, so the chunk's {@code id} and {@code model} are not needed.
 */
final class PlainChunk {

    /** Longer chunks are rare and near the parser's own limits (name and number length), so they are left to it. */
    private static final int MAX_LENGTH = 16 * 1024;

    private static final int MAX_DEPTH = 16;
    private static final int MAX_NUMBER = 100;
    private static final int MORE = 1;
    private static final int CLOSED = 0;
    private static final int BROKEN = -1;
    /** The fields a repeated key of which makes a chunk not plain: bits of {@link #seen}. */
    private static final int CHOICES = 1;

    private static final int DELTA_SEEN = 2;
    private static final int CONTENT = 4;

    private final String s;
    private int at;
    private String content = "";
    private int seen;

    private PlainChunk(String s) {
        this.s = s;
    }

    /**
     * The text of {@code data}'s first choice ({@code ""} when it has none) when that is all the chunk
     * says, else {@code null}. {@code data} has no surrounding whitespace.
     */
    static @Nullable String content(String data) {
        if (data.length() > MAX_LENGTH) {
            return null;
        }
        PlainChunk chunk = new PlainChunk(data);
        if (!chunk.chunk()) {
            return null;
        }
        chunk.space();
        return chunk.at == data.length() ? chunk.content : null;
    }

    /** Whose fields an object has: what {@link #field} expects of each. */
    private enum Shape {
        CHUNK,
        CHOICE,
        DELTA,
        ANY
    }

    private boolean chunk() {
        return object(Shape.CHUNK, 0);
    }

    private boolean choices() {
        if (!open('[') || !open('{')) {
            return false;
        }
        at--;
        if (!object(Shape.CHOICE, 1)) {
            return false;
        }
        int end;
        while ((end = next(']')) == MORE) {
            if (!skip(2)) {
                return false;
            }
        }
        return end == CLOSED;
    }

    /** One object, each of whose fields {@link #field} reads as {@code shape} says. */
    private boolean object(Shape shape, int depth) {
        int end;
        if (!open('{')) {
            return false;
        }
        if (close('}')) {
            return true;
        }
        do {
            String key = key();
            if (key == null || !field(shape, key, depth)) {
                return false;
            }
        } while ((end = next('}')) == MORE);
        return end == CLOSED;
    }

    private boolean field(Shape shape, String key, int depth) {
        return switch (shape) {
            case CHUNK ->
                switch (key) {
                    case "choices" -> once(CHOICES) && choices();
                    case "usage" -> literal("null");
                    case "error" -> false;
                    default -> skip(1);
                };
            case CHOICE ->
                switch (key) {
                    case "delta" -> once(DELTA_SEEN) && object(Shape.DELTA, 3);
                    case "finish_reason" -> literal("null");
                    default -> skip(3);
                };
            case DELTA -> deltaField(key);
            case ANY -> skip(depth + 1);
        };
    }

    private boolean deltaField(String key) {
        if (key.equals("content")) {
            space();
            return once(CONTENT) && (peek() == '"' ? (content = string(true)) != null : literal("null"));
        }
        // role says nothing new; every other delta field matters unless it is null
        return key.equals("role") ? skip(4) : literal("null");
    }

    /** Whether the field {@code bit} stands for is met for the first time: a repeated key is not plain. */
    private boolean once(int bit) {
        boolean first = (seen & bit) == 0;
        seen |= bit;
        return first;
    }

    /** Skips one JSON value, validating it as the parser would. */
    private boolean skip(int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        space();
        return switch (peek()) {
            case '"' -> string(false) != null;
            case '{' -> skipObject(depth);
            case '[' -> skipArray(depth);
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        };
    }

    private boolean skipObject(int depth) {
        return object(Shape.ANY, depth);
    }

    private boolean skipArray(int depth) {
        int end;
        open('[');
        if (close(']')) {
            return true;
        }
        do {
            if (!skip(depth + 1)) {
                return false;
            }
        } while ((end = next(']')) == MORE);
        return end == CLOSED;
    }

    /** A key and its colon, moving past both; {@code null} when there is none. */
    private @Nullable String key() {
        space();
        if (peek() != '"') {
            return null;
        }
        String key = string(true);
        return key != null && open(':') ? key : null;
    }

    /**
     * The JSON string at {@link #at}, moving past it: its text when {@code decode}, else the empty
     * string; {@code null} when it is not valid JSON.
     */
    private @Nullable String string(boolean decode) {
        int start = ++at;
        StringBuilder decoded = null;
        while (at < s.length()) {
            char c = s.charAt(at);
            if (c == '"') {
                at++;
                if (!decode) {
                    return "";
                }
                return decoded == null ? s.substring(start, at - 1) : decoded.toString();
            }
            if (c < 0x20) {
                return null;
            }
            if (c != '\\') {
                if (decoded != null) {
                    decoded.append(c);
                }
                at++;
                continue;
            }
            if (decoded == null) {
                decoded = new StringBuilder(s.length() - start).append(s, start, at);
            }
            int escaped = escape(at + 1);
            if (escaped < 0) {
                return null;
            }
            decoded.append((char) escaped);
            at += s.charAt(at + 1) == 'u' ? 6 : 2;
        }
        return null;
    }

    /** The character the escape after a backslash at {@code from - 1} stands for, or -1. */
    private int escape(int from) {
        if (from >= s.length()) {
            return -1;
        }
        return switch (s.charAt(from)) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> hex(from + 1);
            default -> -1;
        };
    }

    private int hex(int from) {
        if (from + 4 > s.length()) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < from + 4; i++) {
            // ASCII only: Character.digit would also take other scripts' digits, which the parser refuses
            char c = s.charAt(i);
            int digit = c >= '0' && c <= '9'
                    ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    /** A JSON number: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    private boolean number() {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else if (digits() == 0) {
            return false;
        }
        if (peek() == '.') {
            at++;
            if (digits() == 0) {
                return false;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            at++;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            if (digits() == 0) {
                return false;
            }
        }
        return at - start <= MAX_NUMBER;
    }

    private int digits() {
        int start = at;
        while (peek() >= '0' && peek() <= '9') {
            at++;
        }
        return at - start;
    }

    private boolean literal(String word) {
        space();
        if (!s.startsWith(word, at)) {
            return false;
        }
        at += word.length();
        return true;
    }

    /** Whitespace, then {@code c}, moving past both; false when another character comes. */
    private boolean open(char c) {
        space();
        if (peek() != c) {
            return false;
        }
        at++;
        return true;
    }

    /** Like {@link #open}, but leaves {@link #at} where it was when {@code c} does not come. */
    private boolean close(char c) {
        int was = at;
        if (open(c)) {
            return true;
        }
        at = was;
        return false;
    }

    /** After a member: {@link #MORE} past a comma, {@link #CLOSED} past {@code end}, else {@link #BROKEN}. */
    private int next(char end) {
        space();
        char c = peek();
        if (c == ',' || c == end) {
            at++;
            return c == ',' ? MORE : CLOSED;
        }
        return BROKEN;
    }

    private void space() {
        while (at < s.length()) {
            char c = s.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private char peek() {
        return at < s.length() ? s.charAt(at) : '\0';
    }
}
