package dev.modelrouter.observe;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The web UI's "show bodies" switch and what it keeps: while it is on, each inference request's body
 * and the start of its answer, in memory only, keyed by the request-log id so that the live table's
 * detail panel can show them. Off by default and at every start, never written to the config; turning
 * it off forgets everything kept. While it is off the data path pays one volatile read.
 *
 * <p>The front door begins a capture with the request's bytes and hands it to the pipeline, which
 * {@link #keep keeps} it under the request's id once its {@link RequestTrace} has one. The bytes are the
 * array the pipeline holds anyway, so a capture adds little beyond the answer's first
 * {@link #ANSWER_BYTES}.
 */
public final class BodyCapture {

    /** Bytes of each answer kept: its start, enough for a short answer or a stream's first events. */
    public static final int ANSWER_BYTES = 64 * 1024;

    private final RecentBodies<Captured> kept;
    private volatile boolean on;

    /** A capture keeping at most {@link RecentBodies#DEFAULT_COUNT} requests and {@link RecentBodies#DEFAULT_BYTES}. */
    public BodyCapture() {
        this(RecentBodies.DEFAULT_COUNT, RecentBodies.DEFAULT_BYTES);
    }

    BodyCapture(int maxCount, long maxBytes) {
        this.kept = new RecentBodies<>(maxCount, maxBytes);
    }

    /** Whether the switch is on. */
    public boolean on() {
        return on;
    }

    /** Turns the switch on or off; off forgets every kept body at once. */
    public void set(boolean value) {
        on = value;
        if (!value) {
            kept.clear();
        }
    }

    /** Requests whose bodies are kept now. */
    public int size() {
        return kept.size();
    }

    /**
     * A capture of the request whose body is {@code request}, or {@code null} while the switch is off.
     *
     * @param presented the key the client presented, masked wherever the bodies show it
     */
    public @Nullable Captured begin(byte[] request, @Nullable String presented) {
        return on ? new Captured(request, presented) : null;
    }

    /** The kept capture of the request with request-log id {@code id}. */
    public Optional<Captured> get(String id) {
        return kept.get(id);
    }

    /** Why {@code id} has no bodies kept, for the UI. */
    public String missing(String id) {
        return "no bodies are kept for request " + id + ": they are kept only while \"show bodies\" is on, for"
                + " the last " + RecentBodies.DEFAULT_COUNT + " requests, in memory only";
    }

    /** Keeps {@code c} under the request-log id {@code id}, unless the switch was turned off meanwhile. */
    public void keep(String id, Captured c) {
        if (!on) {
            return;
        }
        c.id = id;
        kept.keep(id, c, (long) c.request.length + ANSWER_BYTES);
    }

    /** One request's body and the start of its answer, as they were: the caller redacts what it shows. */
    public static final class Captured {

        private final byte[] request;
        private final @Nullable String presented;
        private final ByteArrayOutputStream answer = new ByteArrayOutputStream();
        private volatile @Nullable String id;
        private long answerBytes;

        Captured(byte[] request, @Nullable String presented) {
            this.request = request;
            this.presented = presented;
        }

        /** The request-log id, once the trace started; {@code null} when none took this capture. */
        public @Nullable String id() {
            return id;
        }

        /** The request body as received. */
        public byte[] request() {
            return request;
        }

        /** The key the client presented, or {@code null}. */
        public @Nullable String presented() {
            return presented;
        }

        /** Adds the buffer's remaining bytes to the answer, up to {@link #ANSWER_BYTES}; its position stays. */
        public synchronized void answer(ByteBuffer chunk) {
            int n = chunk.remaining();
            answerBytes += n;
            int room = ANSWER_BYTES - answer.size();
            if (room > 0) {
                ByteBuffer view = chunk.duplicate();
                byte[] part = new byte[Math.min(room, n)];
                view.get(part);
                answer.writeBytes(part);
            }
        }

        /** The answer's bytes kept so far: its first {@link #ANSWER_BYTES} at most. */
        public synchronized byte[] answerStart() {
            return answer.toByteArray();
        }

        /** The answer's size so far, kept or not. */
        public synchronized long answerBytes() {
            return answerBytes;
        }
    }
}
