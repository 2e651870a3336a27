package dev.modelrouter.observe;

import dev.modelrouter.model.Route;
import dev.modelrouter.model.Scenario;
import dev.modelrouter.model.Usage;
import dev.modelrouter.model.WireProtocol;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * What happened to one request, recorded as it happens and published once at {@link #finish}. Every
 * method may be called from any thread; calls after {@code finish} are ignored.
 *
 * <p>Upstream calls: {@link #attempt} begins the first call to a target; {@link #retry} and
 * {@link #fallback} end the current call as failed and begin the next one themselves; {@link #served}
 * ends the current call with the status the upstream gave. A call still open at {@code finish} counts
 * as failed, unless the client cancelled.
 */
public final class RequestTrace {

    private static final int MAX_MODEL_LENGTH = 256;

    private final String id = newId();
    private final Observer observer;
    private final WireProtocol ingress;
    private final Instant time;
    private final long startNanos;
    private final List<String> tried = new ArrayList<>(2);
    private volatile long firstByteNanos = -1;
    private @Nullable Scenario scenario;
    private @Nullable String requestedModel;
    private @Nullable Route pending;
    private @Nullable Route last;
    private @Nullable Route served;
    private @Nullable Route continuedBy;
    private int attempts;
    private Usage usage = Usage.ZERO;
    private boolean finished;
    private int failedInBand;
    private @Nullable String session;
    private String client = "-";
    private Predicate<Route> listed = route -> true;
    private List<String> plan = List.of();

    RequestTrace(Observer observer, WireProtocol ingress, Instant time, long startNanos) {
        this.observer = observer;
        this.ingress = ingress;
        this.time = time;
        this.startNanos = startNanos;
    }

    /**
     * The router chose a scenario for the request, which asked for {@code requestedModel}; every route
     * counts as one the config lists, and no plan is kept.
     */
    public void routed(Scenario scenario, String requestedModel) {
        routed(scenario, requestedModel, route -> true, List.of());
    }

    /** As the four-argument form, keeping no plan. */
    public void routed(Scenario scenario, String requestedModel, Predicate<Route> listed) {
        routed(scenario, requestedModel, listed, List.of());
    }

    /** As the four-argument form, every route counting as listed. */
    public void routed(Scenario scenario, String requestedModel, List<String> plan) {
        routed(scenario, requestedModel, route -> true, plan);
    }

    /**
     * The router chose a scenario for the request, which asked for {@code requestedModel}, after asking
     * the rules in {@code plan} (their short form, e.g. {@code longContext: no (1200 tokens <= 60000)});
     * {@code listed} tells the routes whose model the config knows, which keep their name in meters,
     * from a client's free choices, which share the model tag {@code other}.
     */
    public synchronized void routed(
            Scenario scenario, String requestedModel, Predicate<Route> listed, List<String> plan) {
        this.scenario = scenario;
        this.listed = listed;
        this.plan = List.copyOf(plan);
        this.requestedModel = requestedModel.length() > MAX_MODEL_LENGTH
                ? requestedModel.substring(0, MAX_MODEL_LENGTH)
                : requestedModel;
    }

    /**
     * This request's short id (12 hex digits, random): in its request-log line and live-feed record, and
     * the key of its body among the recently kept ones ({@code router explain --id}).
     */
    public String id() {
        return id;
    }

    /**
     * A fresh request id. Random rather than a sequence so that ids do not repeat across restarts; not a
     * secret (the explain endpoint that takes one needs the admin token), so no SecureRandom.
     */
    static String newId() {
        // 12 hex digits; a set top bit keeps the leading zeros, without a Formatter per request
        return Long.toHexString((ThreadLocalRandom.current().nextLong() & 0xffff_ffff_ffffL) | (1L << 48))
                .substring(1);
    }

    /** The first upstream call, to {@code route}, begins. */
    public synchronized void attempt(Route route) {
        if (finished) {
            return;
        }
        endPending(false);
        begin(route);
    }

    /** The call to {@code route} failed and is made again on the same target. */
    public synchronized void retry(Route route) {
        if (finished) {
            return;
        }
        endPending(false);
        observer.metrics().retry(provider(route), model(route));
        begin(route);
    }

    /** {@code route}'s stream held an unparseable event, which was skipped. */
    public void malformedEvent(Route route) {
        observer.metrics().malformedEvent(provider(route), model(route));
    }

    /** The call to {@code from} failed, and the request moves on to {@code to}. */
    public synchronized void fallback(Route from, Route to) {
        if (finished) {
            return;
        }
        if (pending == null) {
            pending = from;
        }
        endPending(false);
        observer.metrics().fallback(provider(from), model(from));
        begin(to);
    }

    /**
     * {@code route} answered with {@code status}, and that answer goes to the client. The call counts as
     * failed when the status is 429 or 5xx (the provider's fault), as ok otherwise.
     */
    public synchronized void served(Route route, int status) {
        if (finished) {
            return;
        }
        if (pending == null) {
            begin(route);
        }
        pending = route;
        endPending(status != 429 && status < 500);
        served = route;
    }

    /**
     * The served answer broke off mid-stream and {@code route} was asked to continue it: one more
     * upstream call, whose events the client gets after those already sent. Not a failed attempt
     * in the meters: the served call's outcome was counted when it answered.
     */
    public synchronized void continued(Route route) {
        if (finished) {
            return;
        }
        attempts++;
        continuedBy = route;
        if (!tried.contains(route.target())) {
            tried.add(route.target());
        }
    }

    /** The first byte of the answer went to the client; later calls are ignored. */
    public void firstByte() {
        if (firstByteNanos < 0) {
            long now = observer.nanoTime();
            synchronized (this) {
                if (firstByteNanos < 0) {
                    firstByteNanos = now;
                }
            }
        }
    }

    /**
     * The answer began with a 2xx head but ended with an error event carrying {@code status}: the
     * request is logged and counted as that error, not as the 2xx its head said.
     */
    public synchronized void failedInBand(int status) {
        if (failedInBand == 0) {
            failedInBand = status;
        }
    }

    /** Claude Code's session id, whose answers' speed is kept for the status line; null for none. */
    public synchronized void session(@Nullable String id) {
        this.session = id;
    }

    /** The session id given to {@link #session(String)}, or null. */
    public synchronized @Nullable String session() {
        return session;
    }

    /** The name of the client key the request came with; {@code -} (the default) for none. */
    public synchronized void client(String name) {
        this.client = name;
    }

    /** The served answer's final token counts; a later call replaces an earlier one. */
    public synchronized void usage(Usage usage) {
        this.usage = usage;
    }

    /** The answer's usage as last told, {@link Usage#ZERO} before. */
    public synchronized Usage usage() {
        return usage;
    }

    /**
     * The request ended with {@code outcome} and the client got {@code status}: records the request
     * timer, time to first byte, token counters, the usage ledger and the request-log line. Only the
     * first call counts.
     */
    public void finish(Outcome outcome, int status) {
        long end = observer.nanoTime();
        RequestRecord record;
        Route route;
        String sessionId;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            if (outcome == Outcome.OK && failedInBand > 0) {
                outcome = Outcome.ofStatus(failedInBand);
                status = failedInBand;
            }
            if (outcome != Outcome.CANCELLED) {
                endPending(false);
            }
            pending = null;
            route = served != null ? served : last;
            record = new RequestRecord(
                    id,
                    time,
                    ingress,
                    scenario,
                    requestedModel,
                    List.copyOf(tried),
                    attempts,
                    served == null ? null : served.target(),
                    status,
                    outcome,
                    end - startNanos,
                    firstByteNanos < 0 ? -1 : firstByteNanos - startNanos,
                    usage,
                    plan,
                    continuedBy == null ? null : continuedBy.target(),
                    session);
            sessionId = session;
        }
        if (sessionId != null) {
            observer.sessions().record(sessionId, record, record.served());
        }
        if (outcome == Outcome.OK && sessionId != null) {
            observer.speeds()
                    .record(
                            sessionId,
                            record.usage().output(),
                            record.ttftNanos(),
                            record.latencyNanos(),
                            observer.now());
        }
        RouterMetrics m = observer.metrics();
        String provider = route == null ? BoundedNames.NONE : provider(route);
        String model = route == null ? BoundedNames.NONE : model(route);
        String scenarioTag = scenarioTag(record.scenario(), route);
        m.request(ingress, provider, model, scenarioTag, outcome, record.latencyNanos());
        if (record.ttftNanos() >= 0) {
            m.ttft(ingress, provider, model, scenarioTag, record.ttftNanos());
        }
        m.tokens(provider, model, record.usage());
        observer.ledger().record(provider, model, clientName(), record.usage(), outcome.isError());
        if (route != null) {
            observer.recent()
                    .record(
                            provider,
                            model,
                            record.time().getEpochSecond() / 60,
                            outcome.isError(),
                            record.latencyNanos(),
                            record.ttftNanos(),
                            record.usage());
        }
        observer.log(record);
    }

    /** Whether {@link #finish} was called. */
    public synchronized boolean finished() {
        return finished;
    }

    private synchronized String clientName() {
        return client;
    }

    private void begin(Route route) {
        pending = route;
        last = route;
        attempts++;
        String target = route.target();
        if (!tried.contains(target)) {
            tried.add(target);
        }
    }

    private void endPending(boolean ok) {
        Route p = pending;
        if (p != null) {
            observer.metrics().attempt(provider(p), model(p), ok);
            if (!ok) {
                observer.recent().failed(provider(p), observer.now().getEpochSecond() / 60);
            }
            pending = null;
        }
    }

    private String provider(Route route) {
        return observer.metrics().provider(route.provider());
    }

    private String model(Route route) {
        return listed.test(route) ? observer.metrics().model(route.model()) : BoundedNames.OTHER;
    }

    private static String scenarioTag(@Nullable Scenario scenario, @Nullable Route route) {
        if (scenario != null) {
            return scenario.key();
        }
        return route == null ? BoundedNames.NONE : route.scenario().key();
    }
}
