package dev.modelrouter.observe;

import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.Usage;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Reads the final {@link Usage} of an answer as it passes by, without changing or holding the bytes.
 * Create one per response (it keeps per-stream state) and feed it every chunk in order, from a
 * {@code doOnNext} on the relayed stream; read {@link #usage()} when the stream ends (any thread).
 *
 * <p>Anthropic JSON: the message's top-level {@code usage}, read with a non-blocking parser across
 * chunk boundaries. Streams are read as canonical events by the one tap on them: call
 * {@link #onEvent} instead.
 */
public final class UsageTap {

    private final @Nullable JsonUsageScanner json;
    private volatile @Nullable Usage usage;

    private UsageTap(boolean json) {
        this.json = json ? new JsonUsageScanner(this) : null;
    }

    /** A tap for an Anthropic message body ({@code application/json}). */
    public static UsageTap anthropicJson() {
        return new UsageTap(true);
    }

    /** A tap fed only canonical events through {@link #onEvent}. */
    public static UsageTap canonical() {
        return new UsageTap(false);
    }

    /** Reads the next chunk of the body. */
    public void feed(byte[] chunk) {
        feed(chunk, 0, chunk.length);
    }

    /** Reads {@code length} bytes of {@code chunk} from {@code offset}. */
    public void feed(byte[] chunk, int offset, int length) {
        if (json != null) {
            json.feed(chunk, offset, length);
        }
    }

    /** Reads the buffer's remaining bytes, leaving its position unchanged. */
    public void feed(ByteBuffer chunk) {
        if (json == null) {
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

    /** A message body's usage, read field by field by the JSON scanner. */
    void message(Usage u) {
        usage = u;
    }
}
