package dev.modelrouter.protocol;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * One server-sent event.
 *
 * @param event the {@code event:} name, or {@code null} when the frame had none (OpenAI, Gemini)
 * @param data the {@code data:} lines joined with {@code \n}
 */
public record SseFrame(@Nullable String event, String data) {

    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);

    /** A frame with only data. */
    public static SseFrame data(String data) {
        return new SseFrame(null, data);
    }

    /** The frame as wire text, ended by a blank line. */
    public String encode() {
        // room for both field names, the event's name and the line ends, so the builder never grows
        StringBuilder sb = new StringBuilder(data.length() + (event == null ? 0 : event.length()) + 24);
        if (event != null) {
            sb.append("event: ").append(event).append('\n');
        }
        int start = 0;
        while (true) {
            int nl = data.indexOf('\n', start);
            sb.append("data: ").append(data, start, nl < 0 ? data.length() : nl).append('\n');
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        return sb.append('\n').toString();
    }

    /**
     * {@link #encode()} as UTF-8 bytes. A one-line frame with a plain event name, nearly every frame
     * written, is put together from its data's bytes, without the text of the whole frame in between.
     */
    public byte[] bytes() {
        if (data.indexOf('\n') >= 0 || (event != null && !ascii(event))) {
            return encode().getBytes(StandardCharsets.UTF_8);
        }
        byte[] body = data.getBytes(StandardCharsets.UTF_8);
        int head = event == null ? 0 : EVENT.length + event.length() + 1;
        byte[] out = new byte[head + DATA.length + body.length + 2];
        if (event != null) {
            System.arraycopy(EVENT, 0, out, 0, EVENT.length);
            for (int i = 0; i < event.length(); i++) {
                out[EVENT.length + i] = (byte) event.charAt(i);
            }
            out[head - 1] = '\n';
        }
        System.arraycopy(DATA, 0, out, head, DATA.length);
        System.arraycopy(body, 0, out, head + DATA.length, body.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
