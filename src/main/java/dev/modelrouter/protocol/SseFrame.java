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

    /** A frame with only data. */
    public static SseFrame data(String data) {
        return new SseFrame(null, data);
    }

    /** The frame as wire text, ended by a blank line. */
    public String encode() {
        StringBuilder sb = new StringBuilder(data.length() + 32);
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

    /** {@link #encode()} as UTF-8 bytes. */
    public byte[] bytes() {
        return encode().getBytes(StandardCharsets.UTF_8);
    }
}
