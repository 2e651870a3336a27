package dev.modelrouter.pipeline;

import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.config.Resilience;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.Target;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.Scenario;
import dev.modelrouter.observe.RequestTrace;
import dev.modelrouter.routing.ModelNames;
import dev.modelrouter.routing.RoutePlan;
import dev.modelrouter.upstream.Guards;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Tries a request's targets in order until one answers: retries on transient failures with
 * exponential backoff and jitter (honouring {@code Retry-After}, within a per-request budget), skips
 * a target whose circuit is open or whose concurrency limit is reached, moves a prompt that is too
 * long for its model to the {@code longContext} target, and reports the final failure with every
 * target it tried. All of this happens before the client has received anything: an attempt ends
 * when the upstream's response headers arrive.
 */
final class Attempts {

    private static final Logger LOG = LoggerFactory.getLogger(Attempts.class);

    private final Guards guards;

    Attempts(Guards guards) {
        this.guards = guards;
    }

    /** One try of one target; completes with a 2xx answer or fails with a {@link RouterException}. */
    interface Attempt {
        Mono<ProxyResponse> run(Route route, ProviderConfig provider);
    }

    /** Renders the final failure for the client, naming the last target tried. */
    interface Failure {
        ProxyResponse render(RouterException error, Route lastTried);
    }

    /** Tries {@code plan}'s targets; {@code stream} tells whether the client asked for a streamed answer. */
    Mono<ProxyResponse> run(
            RoutePlan plan, RouterConfig config, Attempt attempt, Failure failure, RequestTrace trace, boolean stream) {
        return Mono.defer(() -> new Run(plan, config, attempt, failure, trace, stream).target(0, 1));
    }

    /** The state of one request's attempts. */
    private final class Run {
        private final List<Route> targets;
        private final RouterConfig config;
        private final Attempt attempt;
        private final Failure failure;
        private final RequestTrace trace;
        private final List<String> tried = new ArrayList<>();
        private final long deadline;
        private final boolean stream;
        private boolean movedToLongContext;

        Run(RoutePlan plan, RouterConfig config, Attempt attempt, Failure failure, RequestTrace trace, boolean stream) {
            this.trace = trace;
            this.stream = stream;
            this.targets = new ArrayList<>(plan.routes());
            this.config = config;
            this.attempt = attempt;
            this.failure = failure;
            Resilience first =
                    provider(plan.primary()).map(ProviderConfig::resilience).orElse(Resilience.DEFAULT);
            this.deadline = System.nanoTime() + first.retryBudget().toNanos();
        }

        Mono<ProxyResponse> target(int index, int attemptNo) {
            Route route = targets.get(index);
            ProviderConfig provider = provider(route).orElse(null);
            if (provider == null) {
                return Mono.error(
                        new RouterException(ErrorKind.NOT_FOUND, "no provider named '" + route.provider() + "'"));
            }
            CircuitBreaker breaker = guards.breaker(provider, route.model(), ModelNames.listed(config, route));
            if (!breaker.tryAcquirePermission()) {
                return skip(index, route, "circuit open after repeated failures");
            }
            Bulkhead bulkhead = guards.bulkhead(provider);
            if (!bulkhead.tryAcquirePermission()) {
                breaker.releasePermission();
                return skip(
                        index,
                        route,
                        "at its concurrency limit of " + provider.resilience().maxConcurrent());
            }
            Resilience r = provider.resilience();
            long started = System.nanoTime();
            if (index == 0 && attemptNo == 1) {
                trace.attempt(route);
            }
            // a stream's headers come at once; with a fallback left, one that is late moves on to it
            boolean failover =
                    stream && index + 1 < targets.size() && r.failoverTimeout().compareTo(r.headersTimeout()) < 0;
            Duration wait = failover ? r.failoverTimeout() : r.headersTimeout();
            String setting = failover ? " ms (failover_timeout_ms)" : " ms (headers_timeout_ms)";
            return Mono.defer(() -> attempt.run(route, provider))
                    .timeout(
                            wait,
                            Mono.error(() -> new RouterException(
                                    ErrorKind.TIMEOUT,
                                    504,
                                    what(route) + " sent no response headers within " + wait.toMillis() + setting,
                                    null,
                                    null)),
                            LoopTimers.current())
                    .map(response -> {
                        breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                        trace.served(route, response.status());
                        return new ProxyResponse(
                                response.status(),
                                response.headers(),
                                response.body().doFinally(s -> bulkhead.onComplete()));
                    })
                    .onErrorResume(e -> {
                        bulkhead.onComplete();
                        RouterException error = ClientFacing.of(e);
                        if (Failures.providerFault(error)) {
                            breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, error);
                        } else {
                            breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                        }
                        return next(index, attemptNo, route, r, error);
                    })
                    .doOnCancel(bulkhead::onComplete);
        }

        private Mono<ProxyResponse> next(int index, int attemptNo, Route route, Resilience r, RouterException error) {
            tried.add(route.target() + " (" + error.status() + ")");
            // a provider's message may quote the key it rejected
            String message = config.redact(String.valueOf(error.getMessage()));
            guards.failed(route.provider(), error.status() + " " + message);
            LOG.info("{} failed ({}): {}", route.target(), error.status(), message);
            if (Failures.contextTooLong(error) && !movedToLongContext) {
                movedToLongContext = true;
                List<Target> longContext = config.router().targets(Scenario.LONG_CONTEXT);
                if (!longContext.isEmpty() && !longContext.get(0).toString().equalsIgnoreCase(route.target())) {
                    Target t = longContext.get(0);
                    targets.add(index + 1, new Route(t.provider(), t.model(), Scenario.LONG_CONTEXT));
                    trace.fallback(route, targets.get(index + 1));
                    return target(index + 1, 1);
                }
            }
            // a target that said nothing in a whole timeout is not asked again while another can answer
            boolean silent = error.kind() == ErrorKind.TIMEOUT && index + 1 < targets.size();
            if (Failures.retryable(error) && attemptNo < r.maxAttempts() && !silent) {
                Duration wait = backoff(r, attemptNo);
                Duration asked = Failures.retryAfter(error);
                if (asked != null) {
                    wait = asked;
                }
                boolean withinBudget = System.nanoTime() + wait.toNanos() < deadline;
                if ((asked == null || asked.compareTo(r.maxRetryAfter()) <= 0) && withinBudget) {
                    trace.retry(route);
                    return Mono.delay(wait).then(Mono.defer(() -> target(index, attemptNo + 1)));
                }
            }
            if (Failures.tryNext(error) && index + 1 < targets.size()) {
                trace.fallback(route, targets.get(index + 1));
                return target(index + 1, 1);
            }
            trace.served(route, error.status());
            return Mono.just(failure.render(finalError(error), route));
        }

        private Mono<ProxyResponse> skip(int index, Route route, String why) {
            tried.add(route.target() + " (" + why + ")");
            if (index + 1 < targets.size()) {
                trace.fallback(route, targets.get(index + 1));
                return target(index + 1, 1);
            }
            return Mono.just(failure.render(
                    finalError(new RouterException(
                            ErrorKind.OVERLOADED, 503, what(route) + " is unavailable: " + why, null, null)),
                    route));
        }

        private RouterException finalError(RouterException last) {
            if (tried.size() <= 1) {
                return last;
            }
            return last.withMessage(last.getMessage() + " [tried " + String.join(", ", tried) + "]");
        }

        private Optional<ProviderConfig> provider(Route route) {
            return config.provider(route.provider());
        }
    }

    /** Exponential backoff from the configured first pause, capped, with full jitter on its upper half. */
    static Duration backoff(Resilience r, int attemptNo) {
        long base = r.initialBackoff().toMillis() << Math.min(attemptNo - 1, 20);
        long capped = Math.min(base, r.maxBackoff().toMillis());
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return Duration.ofMillis(jittered);
    }

    private static String what(Route route) {
        return "provider '" + route.provider() + "', model '" + route.model() + "'";
    }

    /** Any failure as a {@link RouterException} safe to show a client. */
    static final class ClientFacing {
        private ClientFacing() {}

        static RouterException of(@Nullable Throwable e) {
            if (e instanceof RouterException r) {
                return r;
            }
            return new RouterException(
                    ErrorKind.BAD_GATEWAY,
                    502,
                    "upstream call failed ("
                            + (e == null ? "unknown" : e.getClass().getSimpleName()) + ")",
                    null,
                    e);
        }
    }
}
