package dev.modelrouter.observe;

import dev.modelrouter.model.Usage;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Reads the final {@link Usage} of an answer as it passes by, without changing or holding the bytes.
 * Create one per response (it keeps per-stream state) and feed it every chunk in order, from a
 * {@code doOnNext} on the relayed stream; read {@link #usage()} when the stream ends (any thread).
 *
 * <p>Anthropic JSON: the message's top-level {@code usage}, read with a non-blocking parser across
 * chunk boundaries. Streams are not read here: the one tap on a stream reads its usage from the
 * stream's own start and stop events.
 */
public final class UsageTap {

    private final JsonUsageScanner json = new JsonUsageScanner(this);
    private volatile @Nullable Usage usage;

    private UsageTap() {}

    /** A tap for an Anthropic message body ({@code application/json}). */
    public static UsageTap anthropicJson() {
        return new UsageTap();
    }

    /** Reads the next chunk of the body. */
    public void feed(byte[] chunk) {
        feed(chunk, 0, chunk.length);
    }

    /** Reads {@code length} bytes of {@code chunk} from {@code offset}. */
    public void feed(byte[] chunk, int offset, int length) {
        json.feed(chunk, offset, length);
    }

    /** Reads the buffer's remaining bytes, leaving its position unchanged. */
    public void feed(ByteBuffer chunk) {
        if (chunk.hasArray()) {
            feed(chunk.array(), chunk.arrayOffset() + chunk.position(), chunk.remaining());
        } else {
            byte[] copy = new byte[chunk.remaining()];
            chunk.duplicate().get(copy);
            feed(copy);
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
