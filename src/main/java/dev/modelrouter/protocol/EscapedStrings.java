package dev.modelrouter.protocol;

import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.core.json.UTF8JsonGenerator;
import tools.jackson.core.util.JsonGeneratorDelegate;
import tools.jackson.core.util.JsonParserDelegate;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Long strings carried from a request body to the body written for the upstream without being escaped
 * again: most of a translated Claude Code turn is text (system prompt, tool descriptions and schemas,
 * conversation) that reaches the other protocol unchanged, and escaping it once more cost a third of
 * the translation. {@link #read} remembers where each long string of a body stood, keyed by the
 * identity of the {@code String} the parser made; {@link #write} copies those bytes for a string that
 * is still that very instance, when they are exactly what Jackson would write for it ({@link
 * #canonical}). A changed text is a new instance and is escaped as usual, so the memo cannot be wrong,
 * only missed.
 *
 * <p>The memo is per thread and holds one body's strings: a body is read and its translation written
 * in one step of one event loop, so a later read on the thread may drop what an earlier one kept.
 */
public final class EscapedStrings {

    /** Shorter strings cost less to escape than to look up. */
    static final int MIN_CHARS = 48;

    /** Joins remembered at most between two reads. */
    static final int MAX_ENTRIES = 1 << 14;

    private static final ThreadLocal<Map<String, Object>> MEMO = ThreadLocal.withInitial(IdentityHashMap::new);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);

    /** Where a string's escaped UTF-8 stood in a body, between its quotes. */
    private record Span(byte[] source, int from, int to) {}

    /** A string made by joining others, which can be written from theirs. */
    private record Joined(String separator, List<String> parts) {}

    private EscapedStrings() {}

    /** {@code body} parsed by {@code json} as {@link JsonMapper#readTree(byte[])} would, remembering its long strings. */
    public static JsonNode read(JsonMapper json, byte[] body) {
        Map<String, Object> memo = MEMO.get();
        memo.clear();
        JsonNode tree;
        try (JsonParser p = new Recording(json.createParser(body), body, memo)) {
            if (p.nextToken() == null) {
                return json.readTree(body);
            }
            tree = json.readTree(p);
            if (json.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) && p.nextToken() != null) {
                memo.clear();
                return json.readTree(body); // throws Jackson's own complaint about the trailing token
            }
        }
        return tree;
    }

    /**
     * {@code String.join(separator, parts)}, remembered as made of {@code parts} so that {@link #write}
     * can copy their escaped bytes.
     */
    public static String join(String separator, List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        String joined = String.join(separator, parts);
        if (joined.length() >= MIN_CHARS) {
            Map<String, Object> memo = MEMO.get();
            // a thread that writes bodies but never reads one (a worker) would otherwise keep every join
            if (memo.size() >= MAX_ENTRIES) {
                memo.clear();
            }
            memo.put(joined, new Joined(separator, List.copyOf(parts)));
        }
        return joined;
    }

    /** How many strings this thread remembers. */
    static int remembered() {
        return MEMO.get().size();
    }

    /** {@code tree} as {@code json} writes it ({@link JsonMapper#writeValueAsBytes}), remembered strings copied. */
    public static byte[] write(JsonMapper json, JsonNode tree) {
        Output out = OUTPUT.get();
        out.reset();
        try (JsonGenerator g = json.createGenerator(out)) {
            json.writeTree(asIs(g) ? new Copying(g, MEMO.get(), out) : g, tree);
        }
        return out.copy();
    }

    /** Whether {@code g} writes a string as {@link #canonical} expects: UTF-8, default escapes. */
    private static boolean asIs(JsonGenerator g) {
        return g instanceof UTF8JsonGenerator u
                && u.getCharacterEscapes() == null
                && u.getHighestNonEscapedChar() == 0
                && !u.isEnabled(JsonWriteFeature.ESCAPE_FORWARD_SLASHES);
    }

    /**
     * Whether {@code b[from, to)} is exactly how Jackson's UTF-8 generator escapes a string of {@code
     * chars} UTF-16 units: well-formed UTF-8, no escape but {@code \" \\ \b \t \n \f \r} and an upper-case
     * {@code \}{@code u00XX} for the other control characters. Clients that escape more ({@code \/},
     * {@code \}{@code u00e9}, lower-case hex) are simply escaped again.
     */
    static boolean canonical(byte[] b, int from, int to, int chars) {
        // units = bytes less what escapes and multi-byte sequences take beyond the one UTF-16 unit each gives
        int units = to - from;
        int i = from;
        while (i < to) {
            i = plain(b, i, to);
            if (i == to) {
                break;
            }
            int c = b[i];
            int n;
            if (c == '\\') {
                n = escape(b, i, to);
            } else if (c < 0) {
                n = utf8(b, i, to);
            } else {
                return false;
            }
            if (n < 0) {
                return false;
            }
            units -= n == 4 ? 2 : n - 1;
            i += n;
        }
        return units == chars;
    }

    /**
     * The index of the first byte at or after {@code i} that is not printable ASCII or is a backslash,
     * or {@code to}: eight bytes at a time, as most of a prompt is plain text.
     */
    private static int plain(byte[] b, int i, int to) {
        while (i + 8 <= to) {
            long w = (long) LONGS.get(b, i);
            long high = w & 0x8080808080808080L;
            long control = (w - 0x2020202020202020L) & ~w & 0x8080808080808080L;
            long x = w ^ 0x5C5C5C5C5C5C5C5CL;
            long backslash = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if ((high | control | backslash) != 0) {
                break;
            }
            i += 8;
        }
        while (i < to && b[i] >= 0x20 && b[i] != '\\') {
            i++;
        }
        return i;
    }

    /** The length of the canonical escape at {@code b[i]}, or -1. */
    private static int escape(byte[] b, int i, int to) {
        if (i + 1 >= to) {
            return -1;
        }
        switch (b[i + 1]) {
            case '"', '\\', 'b', 't', 'n', 'f', 'r':
                return 2;
            case 'u':
                if (i + 5 >= to) {
                    return -1;
                }
                int value = hex(b[i + 2]) << 12 | hex(b[i + 3]) << 8 | hex(b[i + 4]) << 4 | hex(b[i + 5]);
                boolean shortForm = value == 0x08 || value == 0x09 || value == 0x0A || value == 0x0C || value == 0x0D;
                return value >= 0 && value < 0x20 && !shortForm ? 6 : -1;
            default:
                return -1;
        }
    }

    /** An upper-case hex digit's value, or a value that makes the escape's sum negative. */
    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -0x10000;
    }

    /**
     * The length of the well-formed UTF-8 sequence of two to four bytes at {@code b[i]}, or -1 for an
     * overlong form, a surrogate, a value past U+10FFFF or a cut sequence: the parser may read those
     * leniently, and the generator would not write them back the same.
     */
    private static int utf8(byte[] b, int i, int to) {
        int lead = b[i] & 0xFF;
        int n;
        int low = 0x80;
        int high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            n = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            n = 3;
            low = lead == 0xE0 ? 0xA0 : 0x80;
            high = lead == 0xED ? 0x9F : 0xBF;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            n = 4;
            low = lead == 0xF0 ? 0x90 : 0x80;
            high = lead == 0xF4 ? 0x8F : 0xBF;
        } else {
            return -1;
        }
        if (i + n > to) {
            return -1;
        }
        int second = b[i + 1] & 0xFF;
        if (second < low || second > high) {
            return -1;
        }
        for (int k = 2; k < n; k++) {
            int next = b[i + k] & 0xFF;
            if (next < 0x80 || next > 0xBF) {
                return -1;
            }
        }
        return n;
    }

    /** A remembered, canonical span of {@code s}, or {@code null}. */
    private static @Nullable Span span(String s, Map<String, Object> memo) {
        return memo.get(s) instanceof Span span && canonical(span.source(), span.from(), span.to(), s.length())
                ? span
                : null;
    }

    /** Remembers the long strings the tree reader asks the parser for. */
    private static final class Recording extends JsonParserDelegate {

        private final byte[] body;
        private final Map<String, Object> memo;

        Recording(JsonParser parser, byte[] body, Map<String, Object> memo) {
            super(parser);
            this.body = body;
            this.memo = memo;
        }

        @Override
        public String getString() throws JacksonException {
            String s = delegate.getString();
            if (s != null && s.length() >= MIN_CHARS && delegate.currentToken() == JsonToken.VALUE_STRING) {
                long start = delegate.currentTokenLocation().getByteOffset();
                long end = delegate.currentLocation().getByteOffset();
                // the token starts at its opening quote; the parser stands past the closing one
                if (start >= 0
                        && end <= body.length
                        && end - start >= 2
                        && body[(int) start] == '"'
                        && body[(int) end - 1] == '"') {
                    memo.put(s, new Span(body, (int) start + 1, (int) end - 1));
                }
            }
            return s;
        }
    }

    /** Writes a remembered string's bytes as they came; everything else as the generator would. */
    private static final class Copying extends JsonGeneratorDelegate {

        private final Map<String, Object> memo;
        private final Output out;

        Copying(JsonGenerator generator, Map<String, Object> memo, Output out) {
            super(generator, false);
            this.memo = memo;
            this.out = out;
        }

        @Override
        public JsonGenerator writeString(@Nullable String s) throws JacksonException {
            Object known = s != null && s.length() >= MIN_CHARS ? memo.get(s) : null;
            if (known instanceof Span span && canonical(span.source(), span.from(), span.to(), s.length())) {
                delegate.writeRawUTF8String(span.source(), span.from(), span.to() - span.from());
            } else if (known instanceof Joined joined) {
                writeJoined(joined);
            } else {
                delegate.writeString(s);
            }
            return this;
        }

        /** The joined string: its parts' remembered bytes, or theirs escaped now, straight to the output. */
        private void writeJoined(Joined joined) {
            JsonStringEncoder encoder = JsonStringEncoder.getInstance();
            byte[] separator = encoder.quoteAsUTF8(joined.separator());
            // a raw value: the generator writes the comma or colon before it, and the opening quote
            delegate.writeRawValue("\"");
            delegate.flush();
            List<String> parts = joined.parts();
            for (int i = 0; i < parts.size(); i++) {
                if (i > 0) {
                    out.write(separator, 0, separator.length);
                }
                String part = parts.get(i);
                Span span = part.length() >= MIN_CHARS ? span(part, memo) : null;
                if (span != null) {
                    out.write(span.source(), span.from(), span.to() - span.from());
                } else {
                    byte[] bytes = encoder.quoteAsUTF8(part);
                    out.write(bytes, 0, bytes.length);
                }
            }
            delegate.writeRaw('"');
        }
    }

    /** A growing buffer kept per thread, so that a body costs one copy of its final size. */
    private static final class Output extends OutputStream {

        /** A buffer grown past this by one huge body is not kept. */
        private static final int KEEP = 1 << 20;

        private byte[] buffer = new byte[16 * 1024];
        private int size;

        void reset() {
            if (buffer.length > KEEP) {
                buffer = new byte[16 * 1024];
            }
            size = 0;
        }

        byte[] copy() {
            return Arrays.copyOf(buffer, size);
        }

        @Override
        public void write(int b) {
            room(1);
            buffer[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            room(len);
            System.arraycopy(b, off, buffer, size, len);
            size += len;
        }

        private void room(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }
    }
}
