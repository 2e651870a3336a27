package dev.modelrouter.observe;

import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.Usage;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads the final {@link Usage} of an answer as it passes by, without changing or holding the bytes.
 * Create one per response (it keeps per-stream state) and feed it every chunk in order, from a
 * {@code doOnNext} on the relayed stream; read {@link #usage()} when the stream ends (any thread).
 *
 * <p>Anthropic SSE: only {@code message_start} and {@code message_delta} frames are parsed; the usage of
 * {@code message_start} is the starting point, and each field present in a {@code message_delta}'s
 * usage overwrites it (the counts are cumulative, protocols.md 1.6). Anthropic JSON: the message's
 * top-level {@code usage}, read with a non-blocking parser across chunk boundaries. Translated streams
 * are canonical: call {@link #onEvent} instead.
 */
public final class UsageTap {

    private final @Nullable SseUsageScanner sse;
    private final @Nullable JsonUsageScanner json;
    private volatile @Nullable Usage usage;

    private UsageTap(boolean sse, boolean json) {
        this.sse = sse ? new SseUsageScanner(this) : null;
        this.json = json ? new JsonUsageScanner(this) : null;
    }

    /** A tap for an Anthropic event stream ({@code text/event-stream}). */
    public static UsageTap anthropicSse() {
        return new UsageTap(true, false);
    }

    /** A tap for an Anthropic message body ({@code application/json}). */
    public static UsageTap anthropicJson() {
        return new UsageTap(false, true);
    }

    /** A tap fed only canonical events through {@link #onEvent}. */
    public static UsageTap canonical() {
        return new UsageTap(false, false);
    }

    /** Reads the next chunk of the body. */
    public void feed(byte[] chunk) {
        feed(chunk, 0, chunk.length);
    }

    /** Reads {@code length} bytes of {@code chunk} from {@code offset}. */
    public void feed(byte[] chunk, int offset, int length) {
        if (sse != null) {
            sse.feed(chunk, offset, length);
        } else if (json != null) {
            json.feed(chunk, offset, length);
        }
    }

    /** Reads the buffer's remaining bytes, leaving its position unchanged. */
    public void feed(ByteBuffer chunk) {
        if (sse == null && json == null) {
            return;
        }
        if (chunk.hasArray()) {
            feed(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
        } else {
            byte[] copy = new byte[chunk.remaining()];
            chunk.duplicate().get(copy);
            feed(copy);
        }
    }

    /**
     * Reads a canonical event: {@link StreamEvent.Start} sets the usage, {@link StreamEvent.Stop}
     * overwrites every count it carries (non-zero); other events carry no usage.
     */
    public void onEvent(StreamEvent event) {
        if (event instanceof StreamEvent.Start start) {
            usage = start.usage();
        } else if (event instanceof StreamEvent.Stop stop) {
            Usage u = stop.usage();
            Usage before = usage == null ? Usage.ZERO : usage;
            usage = new Usage(
                    u.input() != 0 ? u.input() : before.input(),
                    u.output() != 0 ? u.output() : before.output(),
                    u.cacheRead() != 0 ? u.cacheRead() : before.cacheRead(),
                    u.cacheWrite() != 0 ? u.cacheWrite() : before.cacheWrite());
        }
    }

    /** The usage read so far, {@link Usage#ZERO} when none was seen. */
    public Usage usage() {
        Usage u = usage;
        return u == null ? Usage.ZERO : u;
    }

    /** Whether any usage was seen. */
    public boolean seen() {
        return usage != null;
    }

    /** A message's usage object: every count, absent ones zero. */
    void start(JsonNode u) {
        usage = new Usage(
                count(u, "input_tokens", 0),
                count(u, "output_tokens", 0),
                count(u, "cache_read_input_tokens", 0),
                count(u, "cache_creation_input_tokens", 0));
    }

    /** A message_delta's usage: the counts present overwrite. */
    void delta(JsonNode u) {
        Usage b = usage();
        usage = new Usage(
                count(u, "input_tokens", b.input()),
                count(u, "output_tokens", b.output()),
                count(u, "cache_read_input_tokens", b.cacheRead()),
                count(u, "cache_creation_input_tokens", b.cacheWrite()));
    }

    /** A message body's usage, read field by field by the JSON scanner. */
    void message(Usage u) {
        usage = u;
    }

    private static int count(JsonNode usage, String field, int otherwise) {
        JsonNode n = usage.get(field);
        // A count out of int range or with a fraction (a broken provider) must not throw here.
        return n != null && n.isNumber() ? (int) Math.max(0, Math.min(Integer.MAX_VALUE, n.doubleValue())) : otherwise;
    }
}
