package dev.modelrouter.pipeline;

import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.plugin.ScriptRouter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
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
 * claude-code-router's {@code CUSTOM_ROUTER_PATH}: the user's JavaScript router, run by one Node.js
 * process per config snapshot. A reload (the config, or the script, which the watcher also watches)
 * starts a new process; the old one is closed a little later, so the requests that asked it finish.
 * A script that cannot start, answers late, throws or names no known target leaves the request to the
 * built-in rules, as in ccr.
 */
final class ScriptRoutes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptRoutes.class);
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration RETIRE_AFTER = Duration.ofSeconds(30);

    /** One snapshot's script process, started on first use. */
    private static final class Running {
        final RouterConfig config;
        final Mono<ScriptRouter> router;
        final AtomicReference<@Nullable ScriptRouter> instance = new AtomicReference<>();
        volatile boolean retired;

        Running(RouterConfig config, Path script) {
            this.config = config;
            // started once, off the event loop; a failure is logged once and kept until the next reload
            this.router = Mono.fromCallable(() -> ScriptRouter.start(script, config.raw(), TIMEOUT))
                    .subscribeOn(Schedulers.boundedElastic())
                    .doOnNext(r -> {
                        LOG.info("custom router {} running", script);
                        instance.set(r);
                        if (retired) {
                            retire();
                        }
                    })
                    .doOnError(e -> LOG.warn("custom router {} not used: {}", script, e.getMessage()))
                    .cache(r -> FOREVER, e -> FOREVER, () -> FOREVER);
        }

        /** Closes the process later, so that the requests which asked it get their answers. */
        void retire() {
            retired = true;
            Mono.delay(RETIRE_AFTER).subscribe(t -> closeNow());
        }

        void closeNow() {
            ScriptRouter r = instance.getAndSet(null);
            if (r != null) {
                r.close();
            }
        }
    }

    private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);

    private @Nullable Running running;
    private boolean closed;

    /**
     * The script's choice for one request ({@code "provider,model"}), or {@code null} when the config
     * names no script, so callers without one pay nothing.
     */
    @Nullable Mono<Optional<String>> route(RouterConfig config, Supplier<JsonNode> body, IntSupplier tokenCount) {
        Optional<Path> script = config.customRouter();
        if (script.isEmpty()) {
            return null;
        }
        return routerFor(config, script.get())
                .flatMap(r -> {
                    JsonNode tree = body.get();
                    return r.route(tree, tokenCount.getAsInt(), sessionId(tree));
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
        String userId = body.path("metadata").path("user_id").asString("");
        int at = userId.indexOf("_session_");
        if (at >= 0) {
            return userId.substring(at + "_session_".length());
        }
        if (userId.startsWith("{")) {
            try {
                String id = dev.modelrouter.config.JsonTrees.read(dev.modelrouter.config.JsonTrees.JSON, userId)
                        .path("session_id").asString("");
                return id.isEmpty() ? null : id;
            } catch (RuntimeException notJson) {
                return null;
            }
        }
        return null;
    }

    private synchronized Mono<ScriptRouter> routerFor(RouterConfig config, Path script) {
        Running current = running;
        if (current != null && current.config == config) {
            return current.router;
        }
        if (closed) {
            return Mono.empty();
        }
        Running next = new Running(config, script);
        running = next;
        if (current != null) {
            current.retire();
        }
        return next.router;
    }

    @Override
    public synchronized void close() {
        closed = true;
        Running current = running;
        running = null;
        if (current != null) {
            current.retired = true;
            current.closeNow();
        }
    }
}
