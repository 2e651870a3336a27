package dev.modelrouter.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Splits a byte stream into {@link SseFrame}s, chunk by chunk, whatever the chunk boundaries. Accepts
 * {@code \n}, {@code \r\n} and {@code \r} line ends, ignores comment lines, joins multi-line data. One
 * instance per stream: it holds the partial line and frame between chunks.
 */
public final class SseDecoder {

    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
    private static final int NAMES = 16;

    // the part of a line a chunk ended inside; a line within one chunk is read where it lies
    private byte[] partial = new byte[256];
    private int partialLength;
    private boolean lastWasCr;
    private @Nullable String event;
    // the frame's data: its one line as read, and a builder only for a second line
    private @Nullable String data;
    private @Nullable StringBuilder moreData;
    // the event names this stream has used, as bytes and as the string handed out: a stream repeats a handful of
    // names, so each frame's name is looked up rather than decoded anew
    private final byte[][] names = new byte[NAMES][];
    private final String[] nameStrings = new String[NAMES];
    private int nameCount;

    /** Feeds the next chunk; returns the frames it completed, in order. */
    public List<SseFrame> feed(byte[] chunk) {
        return feed(chunk, 0, chunk.length);
    }

    /** Feeds {@code length} bytes of {@code chunk} from {@code offset}. */
    public List<SseFrame> feed(byte[] chunk, int offset, int length) {
        List<SseFrame> out = new ArrayList<>(2);
        int end = offset + length;
        int runStart = offset;
        for (int i = offset; i < end; i++) {
            byte b = chunk[i];
            if (b == '\n' || b == '\r') {
                boolean crLf = b == '\n' && lastWasCr;
                lastWasCr = b == '\r';
                if (crLf && i == runStart && partialLength == 0) {
                    runStart = i + 1;
                    continue;
                }
                if (partialLength == 0) {
                    line(chunk, runStart, i, out);
                } else {
                    keep(chunk, runStart, i - runStart);
                    line(partial, 0, partialLength, out);
                    partialLength = 0;
                }
                runStart = i + 1;
            } else {
                lastWasCr = false;
            }
        }
        keep(chunk, runStart, end - runStart);
        return out;
    }

    /**
     * Ends the stream: a last frame that was not followed by a blank line is returned if it has data.
     */
    public List<SseFrame> finish() {
        List<SseFrame> out = new ArrayList<>(1);
        if (partialLength > 0) {
            line(partial, 0, partialLength, out);
            partialLength = 0;
        }
        dispatch(out);
        return out;
    }

    private void keep(byte[] chunk, int from, int length) {
        if (length == 0) {
            return;
        }
        if (partialLength + length > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(partial.length * 2, partialLength + length));
        }
        System.arraycopy(chunk, from, partial, partialLength, length);
        partialLength += length;
    }

    private void line(byte[] bytes, int from, int to, List<SseFrame> out) {
        if (from == to) {
            dispatch(out);
            return;
        }
        if (bytes[from] == ':') {
            return;
        }
        int colon = from;
        while (colon < to && bytes[colon] != ':') {
            colon++;
        }
        int valueFrom = colon < to ? colon + 1 : to;
        if (valueFrom < to && bytes[valueFrom] == ' ') {
            valueFrom++;
        }
        if (is(DATA, bytes, from, colon)) {
            String value = new String(bytes, valueFrom, to - valueFrom, StandardCharsets.UTF_8);
            if (data == null) {
                data = value;
            } else {
                if (moreData == null) {
                    moreData = new StringBuilder(data);
                }
                moreData.append('\n').append(value);
            }
        } else if (is(EVENT, bytes, from, colon)) {
            event = name(bytes, valueFrom, to);
        }
    }

    private String name(byte[] bytes, int from, int to) {
        for (int i = 0; i < nameCount; i++) {
            byte[] known = names[i];
            if (Arrays.equals(known, 0, known.length, bytes, from, to)) {
                return nameStrings[i];
            }
        }
        String name = new String(bytes, from, to - from, StandardCharsets.UTF_8);
        if (nameCount < NAMES) {
            names[nameCount] = Arrays.copyOfRange(bytes, from, to);
            nameStrings[nameCount++] = name;
        }
        return name;
    }

    private static boolean is(byte[] name, byte[] bytes, int from, int to) {
        return to - from == name.length && Arrays.equals(name, 0, name.length, bytes, from, to);
    }

    private void dispatch(List<SseFrame> out) {
        if (data != null) {
            out.add(new SseFrame(event, moreData != null ? moreData.toString() : data));
        }
        data = null;
        moreData = null;
        event = null;
    }
}
