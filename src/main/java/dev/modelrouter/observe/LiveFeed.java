package dev.modelrouter.observe;

import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/**
 * Finished requests, as they finish, for the web UI's live table. Each subscriber has a bounded buffer
 * of its own: a request's end only offers its record to each buffer, and a full buffer (a slow or
 * paused browser) drops the record and counts it, so a subscriber can neither block the data path
 * nor grow the daemon's memory. With no subscriber an offer reads one empty array and builds nothing.
 *
 * <p>Each record is built once per request, when it finishes (never per stream event), by the trace
 * that the request log and the meters read too. The subscriber takes what its buffer holds every
 * {@link #DEFAULT_PERIOD}, off the request's thread, and turns it into JSON with every text field
 * redacted: one batch, so one write and one wake-up of the browser per period rather than per request.
 * Sending each record on its own cost the data path about a fifth of its throughput on two cores.
 *
 * <p>That work runs on the feed's own thread, {@value #THREAD}, started with the first subscriber:
 * it never takes a turn of the event loops or of the shared schedulers, and its cost can be read on
 * its own ({@code scripts/bench -k feed} reads the thread's CPU time).
 */
public final class LiveFeed implements AutoCloseable {

    /**
     * Records one subscriber may have waiting before new ones are dropped: eight periods of what it is
     * sent at most ({@link #MAX_PER_SECOND}), so a tab that stalls for two seconds loses nothing. A
     * record holds well under a kilobyte.
     */
    public static final int DEFAULT_BUFFER = 1024;

    /**
     * Records a subscriber is sent per second at most; past that, the period's further records are
     * counted as not shown. The UI's table keeps its latest 500 rows, so this refills it every second,
     * faster than anyone reads, while each record sent costs the daemon a few microseconds: at 15,000
     * requests a second, sending them all cost the data path about 6 % of its throughput on two cores,
     * and 2,000 a second still cost streamed rows several percent. The request log keeps every request.
     */
    public static final int MAX_PER_SECOND = 500;

    /** Subscribers at once; each may hold {@link #DEFAULT_BUFFER} records. */
    public static final int MAX_SUBSCRIBERS = 8;

    /**
     * How often a subscriber takes what its buffer holds: well inside the UI's "within a second". Each
     * period wakes the feed's thread, an event loop to write the batch, and the browser, which redraws
     * the table: four times a second is as live as anyone reads it, where 20 only cost more wake-ups.
     */
    public static final Duration DEFAULT_PERIOD = Duration.ofMillis(250);

    /** The name of the feed's thread (Reactor adds {@code -1}). */
    public static final String THREAD = "live-feed";

    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.threadLocalPool())
            .build();

    private final UnaryOperator<String> redact;
    private final int buffer;
    private final Duration period;
    private final int perPeriod;
    private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder built = new LongAdder();
    // a single-thread executor makes its thread at the first task: no thread while no UI was ever open
    private final Scheduler thread = Schedulers.newSingle(THREAD, true);
    private final Sinks.Empty<Void> closed = Sinks.empty();

    /** A feed whose records' text fields pass through {@code redact}. */
    public LiveFeed(UnaryOperator<String> redact) {
        this(redact, DEFAULT_BUFFER, DEFAULT_PERIOD);
    }

    LiveFeed(UnaryOperator<String> redact, int buffer, Duration period) {
        this.redact = redact;
        this.buffer = buffer;
        this.period = period;
        this.perPeriod = (int) Math.max(1, Math.min(buffer, MAX_PER_SECOND * period.toMillis() / 1000));
    }

    /**
     * The records that finish from now on, in batches (one per period that had any), each record as one
     * JSON object {@code {"dropped": n, "request": {...}}} in the request log's shape, where {@code n}
     * counts what this subscriber lost so far. A subscriber that does not ask for the next batch in time
     * loses the period's turn, not the records: they wait in its buffer while it has room. Errors with
     * {@link IllegalStateException} when {@link #MAX_SUBSCRIBERS} are subscribed.
     */
    public Flux<List<String>> subscribe() {
        return Flux.defer(() -> {
            Subscriber s = new Subscriber(buffer);
            synchronized (subscribers) {
                if (subscribers.size() >= MAX_SUBSCRIBERS) {
                    return Flux.error(new IllegalStateException(
                            "the live feed has " + MAX_SUBSCRIBERS + " subscribers already; close a UI tab"));
                }
                subscribers.add(s);
            }
            return Flux.interval(period, period, thread)
                    .doOnNext(tick -> s.admitted.set(0)) // every period, taken or not: a paused tab keeps its buffer
                    .onBackpressureDrop()
                    .map(tick -> s.take())
                    .filter(batch -> !batch.isEmpty())
                    .takeUntilOther(closed.asMono())
                    .doFinally(signal -> subscribers.remove(s));
        });
    }

    /** Ends every subscriber's records (they complete) and stops the feed's thread. */
    @Override
    public void close() {
        closed.tryEmitEmpty();
        thread.dispose();
    }

    /** Subscribers now. */
    public int subscribers() {
        return subscribers.size();
    }

    /** Records dropped so far over all subscribers, because one fell behind. */
    public long dropped() {
        return dropped.sum();
    }

    /** Records turned into JSON so far, over all subscribers: none while no UI is open. */
    public long built() {
        return built.sum();
    }

    /**
     * Offers a finished request to each subscriber; never blocks. With no UI open this is one read of
     * the list's volatile array: no iterator, no lock, no JSON.
     */
    void offer(RequestRecord record) {
        if (subscribers.isEmpty()) {
            return;
        }
        for (Subscriber s : subscribers) {
            s.offer(record);
        }
    }

    private final class Subscriber {

        private final ArrayBlockingQueue<RequestRecord> waiting;
        private final AtomicLong lost = new AtomicLong();
        /** Records offered since the last take: past {@link #perPeriod} they are not shown. */
        private final AtomicInteger admitted = new AtomicInteger();

        Subscriber(int capacity) {
            waiting = new ArrayBlockingQueue<>(capacity);
        }

        void offer(RequestRecord record) {
            if (admitted.incrementAndGet() > perPeriod || !waiting.offer(record)) {
                lost.incrementAndGet();
                dropped.increment();
            }
        }

        // on the period's thread, one at a time
        List<String> take() {
            List<String> batch = new ArrayList<>(Math.min(waiting.size(), buffer));
            // a batch repeats the same model names, plan steps and sessions: each is redacted once
            Map<String, String> cleaned = new HashMap<>();
            UnaryOperator<String> clean = text -> text == null ? null : cleaned.computeIfAbsent(text, redact);
            RequestRecord record;
            while (batch.size() < buffer && (record = waiting.poll()) != null) {
                batch.add(json(record, clean));
            }
            return batch;
        }

        private String json(RequestRecord record, UnaryOperator<String> clean) {
            built.increment();
            StringWriter out = new StringWriter(384);
            try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
                g.writeStartObject();
                g.writeNumberProperty("dropped", lost.get());
                g.writeName("request");
                record.write(g, clean);
                g.writeEndObject();
            }
            return out.toString();
        }
    }
}
