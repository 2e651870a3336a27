package dev.modelrouter.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Splits a byte stream into {@link SseFrame}s, chunk by chunk, whatever the chunk boundaries. Accepts
 * {@code \n}, {@code \r\n} and {@code \r} line ends, ignores comment lines, joins multi-line data. One
 * instance per stream: it holds the partial line and frame between chunks.
 */
public final class SseDecoder {

    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private boolean lastWasCr;
    private @Nullable String event;
    private @Nullable StringBuilder data;

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
                line.write(chunk, runStart, i - runStart);
                runStart = i + 1;
                if (b == '\n' && lastWasCr) {
                    lastWasCr = false;
                    continue;
                }
                lastWasCr = b == '\r';
                endLine(out);
            } else {
                lastWasCr = false;
            }
        }
        line.write(chunk, runStart, end - runStart);
        return out;
    }

    /**
     * Ends the stream: a last frame that was not followed by a blank line is returned if it has data.
     */
    public List<SseFrame> finish() {
        List<SseFrame> out = new ArrayList<>(1);
        if (line.size() > 0) {
            endLine(out);
        }
        dispatch(out);
        return out;
    }

    private void endLine(List<SseFrame> out) {
        if (line.size() == 0) {
            dispatch(out);
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("data")) {
            if (data == null) {
                data = new StringBuilder(value);
            } else {
                data.append('\n').append(value);
            }
        } else if (field.equals("event")) {
            event = value;
        }
    }

    private void dispatch(List<SseFrame> out) {
        if (data != null) {
            out.add(new SseFrame(event, data.toString()));
        }
        data = null;
        event = null;
    }
}
