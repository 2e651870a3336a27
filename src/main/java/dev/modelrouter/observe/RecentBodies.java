package dev.modelrouter.observe;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * The most recent requests' bodies, in memory only and never written anywhere, keyed by the request-log
 * id, so that {@code router explain --id} can ask again where one went. Bounded by count and by bytes
 * together; the oldest go first. {@code T} is whatever the caller needs to replay the request (the
 * pipeline keeps its {@code Inbound}: protocol, body and the headers routing reads).
 *
 * @param <T> the kept request
 */
public final class RecentBodies<T> {

    /** Requests kept by default. */
    public static final int DEFAULT_COUNT = 100;

    /** Bytes of bodies kept by default, over all kept requests. */
    public static final long DEFAULT_BYTES = 16L * 1024 * 1024;

    private record Kept<T>(T request, long bytes, Instant time) {}

    private final int maxCount;
    private final long maxBytes;
    private final Clock clock;
    private final Instant started;
    private final LinkedHashMap<String, Kept<T>> kept = new LinkedHashMap<>();
    private long bytes;

    /** Keeps at most {@code maxCount} requests and {@code maxBytes} bytes of bodies. */
    public RecentBodies(int maxCount, long maxBytes) {
        this(maxCount, maxBytes, Clock.systemUTC());
    }

    RecentBodies(int maxCount, long maxBytes, Clock clock) {
        this.maxCount = maxCount;
        this.maxBytes = maxBytes;
        this.clock = clock;
        this.started = clock.instant();
    }

    /**
     * Keeps {@code request}, whose body has {@code size} bytes, under {@code id}, evicting the oldest
     * until both bounds hold. A body larger than the whole byte bound is not kept at all.
     */
    public synchronized void keep(String id, T request, long size) {
        if (size > maxBytes || maxCount <= 0) {
            return;
        }
        Kept<T> previous = kept.put(id, new Kept<>(request, size, clock.instant()));
        bytes += size - (previous == null ? 0 : previous.bytes());
        Iterator<Kept<T>> oldest = kept.values().iterator();
        while (kept.size() > maxCount || bytes > maxBytes) {
            Kept<T> gone = oldest.next();
            oldest.remove();
            bytes -= gone.bytes();
        }
    }

    /** The request kept under {@code id}, if it still is. */
    public synchronized Optional<T> get(String id) {
        Kept<T> k = kept.get(id);
        return k == null ? Optional.empty() : Optional.of(k.request());
    }

    /** Forgets every kept request. */
    public synchronized void clear() {
        kept.clear();
        bytes = 0;
    }

    /** Requests kept now. */
    public synchronized int size() {
        return kept.size();
    }

    /** Bytes of bodies kept now. */
    public synchronized long bytes() {
        return bytes;
    }

    /**
     * Why {@code id} is not kept, for the client: what the router keeps, and since when (the oldest kept
     * request's arrival, else the daemon's start).
     */
    public synchronized String missing(String id) {
        Iterator<Kept<T>> oldest = kept.values().iterator();
        String since = oldest.hasNext()
                ? "the oldest it holds now arrived at " + oldest.next().time()
                : "it holds none; the daemon started at " + started;
        return "no request with id " + id + " is kept: the router keeps only the last " + maxCount
                + " requests (at most " + maxBytes / (1024 * 1024) + " MiB of bodies) in memory, never on disk, "
                + "and loses them at restart; " + since;
    }
}
