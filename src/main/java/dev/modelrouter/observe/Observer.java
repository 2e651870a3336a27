package dev.modelrouter.observe;

import dev.modelrouter.model.WireProtocol;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The router's one observability entry point: each request gets a {@link RequestTrace} from
 * {@link #start}, and its {@code finish} feeds the meters, the usage ledger and the request log.
 */
public final class Observer implements AutoCloseable {

    private final RouterMetrics metrics;
    private final UsageLedger ledger;
    private final @Nullable RequestLog log;
    private final BooleanSupplier logEnabled;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final SessionSpeeds speeds = new SessionSpeeds();
    private final RecentTraffic recent = new RecentTraffic();
    private final RecentSessions sessions = new RecentSessions();
    private final LiveFeed feed;
    private final BodyCapture bodies = new BodyCapture();

    /**
     * An observer publishing to {@code registry}.
     *
     * @param log the request log, or {@code null} for none
     * @param logEnabled read at each request's end, so a config reload that sets {@code LOG: false}
     *     stops the log without a restart
     */
    public Observer(MeterRegistry registry, @Nullable RequestLog log, BooleanSupplier logEnabled) {
        this(registry, log, logEnabled, new LiveFeed(UnaryOperator.identity()));
    }

    /** As above, with finished requests also offered to {@code feed}, whatever the log's switch. */
    public Observer(MeterRegistry registry, @Nullable RequestLog log, BooleanSupplier logEnabled, LiveFeed feed) {
        this(
                new RouterMetrics(registry),
                new UsageLedger(),
                log,
                logEnabled,
                Clock.systemUTC(),
                System::nanoTime,
                feed);
    }

    Observer(
            RouterMetrics metrics,
            UsageLedger ledger,
            @Nullable RequestLog log,
            BooleanSupplier logEnabled,
            Clock clock,
            LongSupplier nanoTime,
            LiveFeed feed) {
        this.feed = feed;
        this.metrics = metrics;
        this.ledger = ledger;
        this.log = log;
        this.logEnabled = logEnabled;
        this.clock = clock;
        this.nanoTime = nanoTime;
        if (log != null) {
            metrics.watchDropped(log, RequestLog::dropped);
        }
    }

    /** Begins observing a request that just arrived. */
    public RequestTrace start(WireProtocol ingress) {
        return new RequestTrace(this, ingress, clock.instant(), nanoTime.getAsLong());
    }

    /** How fast the last answer of a Claude Code session came, if one is known. */
    public Optional<SessionSpeeds.Speed> speed(String session) {
        return speeds.of(session);
    }

    /** Finished requests as they finish, for the web UI. */
    public LiveFeed feed() {
        return feed;
    }

    /** The web UI's "show bodies" switch and the bodies it keeps while on. */
    public BodyCapture bodies() {
        return bodies;
    }

    /** Requests, errors and tokens per provider and model since start. */
    public List<UsageLedger.Line> usage() {
        return ledger.snapshot();
    }

    /** Each provider's traffic over the last minutes. */
    public RecentTraffic recent() {
        return recent;
    }

    /** The Claude Code sessions answered lately. */
    public RecentSessions sessions() {
        return sessions;
    }

    /** Flushes and closes the request log, and stops the live feed. */
    @Override
    public void close() {
        feed.close();
        if (log != null) {
            log.close();
        }
    }

    RouterMetrics metrics() {
        return metrics;
    }

    /** Adds one who is told of each finished request's usage (cluster mode, client keys); see {@link UsageLedger#onRecord}. */
    public void onUsage(UsageLedger.Listener listener) {
        ledger.onRecord(listener);
    }

    UsageLedger ledger() {
        return ledger;
    }

    long nanoTime() {
        return nanoTime.getAsLong();
    }

    SessionSpeeds speeds() {
        return speeds;
    }

    Instant now() {
        return clock.instant();
    }

    void log(RequestRecord record) {
        feed.offer(record);
        RequestLog l = log;
        if (l != null && logEnabled.getAsBoolean()) {
            l.offer(record);
        }
    }
}
