package dev.modelrouter.pipeline;

import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.plugin.NodeHost;
import dev.modelrouter.plugin.ScriptRouter;
import dev.modelrouter.routing.SessionContexts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * claude-code-router's {@code CUSTOM_ROUTER_PATH}: the user's JavaScript router, loaded into the daemon's
 * one Node.js process ({@link NodeHost}, shared with the JS transformers) once per config snapshot. A
 * reload (the config, or the script, which the watcher also watches) loads the script again in place,
 * never restarting node, so the transformers keep their state; the old load is dropped a little later,
 * so the requests that asked it finish.
 * A script that cannot start, answers late or throws leaves the request to the built-in rules, as in ccr.
 */
final class ScriptRoutes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptRoutes.class);
    private static final Duration RETIRE_AFTER = Duration.ofSeconds(30);
    /** How long a failed start is remembered before a request tries again. */
    private static final Duration RETRY_START_AFTER = Duration.ofSeconds(5);

    private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);
    private static final String NOT_STARTED = "not started (it starts on the first request)";

    /** One snapshot's script, loaded on first use. */
    private final class Running {
        final RouterConfig config;
        final Mono<ScriptRouter> router;
        final AtomicReference<@Nullable ScriptRouter> instance = new AtomicReference<>();
        volatile boolean retired;
        /** "not started" until the first request, then "running" or why it is not. */
        volatile String state = NOT_STARTED;

        Running(RouterConfig config, Path script) {
            this.config = config;
            // started once, off the event loop; a failure is logged and retried a few seconds later
            this.router = Mono.fromCallable(
                            () -> ScriptRouter.load(node, script, config.raw(), config.customRouterTimeout()))
                    .subscribeOn(Schedulers.boundedElastic())
                    .doOnSubscribe(sub -> state = "starting")
                    .doOnNext(r -> {
                        LOG.info("custom router {} running", script);
                        state = "running";
                        instance.set(r);
                        if (retired) {
                            closeLater();
                        }
                    })
                    .doOnError(e -> {
                        LOG.warn("custom router {} not used: {}", script, e.getMessage());
                        state = "not used: " + e.getMessage();
                    })
                    .cache(r -> FOREVER, e -> RETRY_START_AFTER, () -> FOREVER);
        }

        /** Drops the script later, so that the requests which asked it get their answers. */
        void retire() {
            retired = true;
            closeLater();
        }

        private void closeLater() {
            Mono.delay(closed ? Duration.ZERO : RETIRE_AFTER, Schedulers.boundedElastic())
                    .subscribe(t -> closeNow());
        }

        void closeNow() {
            ScriptRouter r = instance.getAndSet(null);
            if (r != null) {
                r.close();
            }
            synchronized (ScriptRoutes.this) {
                retiring.remove(this);
            }
        }
    }

    private final NodeHost node;
    private volatile @Nullable Running running;
    private final Set<Running> retiring = new HashSet<>();
    private volatile boolean closed;

    /** @param node the daemon's node, which the scripts are loaded into; its owner closes it */
    ScriptRoutes(NodeHost node) {
        this.node = node;
    }

    /**
     * The script's choice for one request ({@code "provider,model"}), or {@code null} when the config
     * names no script, so callers without one pay nothing.
     */
    @Nullable
    Mono<Optional<String>> route(
            RouterConfig config, Supplier<JsonNode> body, IntSupplier tokenCount, @Nullable String session) {
        Optional<Path> script = config.customRouter();
        if (script.isEmpty()) {
            if (running != null) {
                retireCurrent();
            }
            return null;
        }
        Duration timeout = config.customRouterTimeout();
        long started = System.nanoTime();
        return routerFor(config, script.get())
                // a start that takes longer goes on in the background; this request does not wait for it
                .timeout(timeout)
                .flatMap(r -> {
                    // one budget for the start and the answer, so a first request waits no longer either;
                    // the answer's own deadline is the script's, which counts the calls it leaves unanswered
                    Duration left = timeout.minusNanos(System.nanoTime() - started);
                    if (left.isNegative() || left.isZero()) {
                        return Mono.just(Optional.<String>empty());
                    }
                    JsonNode tree = body.get();
                    return r.route(tree, tokenCount.getAsInt(), session != null ? session : sessionId(tree), left);
                })
                .onErrorResume(e -> Mono.just(Optional.empty()))
                .defaultIfEmpty(Optional.empty());
    }

    /**
     * Claude Code's session id, which ccr hands its scripts as {@code req.sessionId}: the part after
     * {@code _session_} of {@code metadata.user_id} in older versions; current ones send a JSON string
     * there, {@code {"device_id":...,"account_uuid":...,"session_id":...}}.
     */
    static @Nullable String sessionId(JsonNode body) {
        return SessionContexts.sessionId(
                null, body.path("metadata").path("user_id").asString(""));
    }

    /**
     * What {@code GET /api/status} says of the script of {@code config}: its path and whether it runs,
     * or null when the config names none.
     */
    synchronized @Nullable ScriptState status(RouterConfig config) {
        Optional<Path> script = config.customRouter();
        if (script.isEmpty()) {
            return null;
        }
        Running current = running;
        String state = current != null && current.config == config ? current.state : NOT_STARTED;
        return new ScriptState(script.get().toString(), state);
    }

    private synchronized Mono<ScriptRouter> routerFor(RouterConfig config, Path script) {
        Running current = running;
        if (current != null && current.config == config) {
            return current.router;
        }
        if (closed) {
            return Mono.empty();
        }
        retireCurrent();
        Running next = new Running(config, script);
        running = next;
        return next.router;
    }

    private synchronized void retireCurrent() {
        Running current = running;
        running = null;
        if (current != null) {
            retiring.add(current);
            current.retire();
        }
    }

    @Override
    public void close() {
        List<Running> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(retiring);
            if (running != null) {
                all.add(running);
            }
            running = null;
            retiring.clear();
        }
        for (Running r : all) {
            r.retired = true; // one still starting closes itself once it has started
            r.closeNow();
        }
    }
}
