package dev.modelrouter.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs a claude-code-router {@code CUSTOM_ROUTER_PATH} script ({@code module.exports = async function
 * router(req, config, context)}) in a long-lived Node.js child process and asks it, per request, for a
 * {@code "provider,model"} target. Any failure (error, timeout, dead process) answers empty, which means
 * "let the normal routing decide", as in ccr. A crashed process is restarted on a later call, at most
 * once per {@link #RESTART_INTERVAL}. The same bridge hosts ccr's JavaScript transformers
 * ({@link ScriptTransformers}), in a process of their own.
 */
public final class ScriptRouter implements AutoCloseable {

    /** How long {@link #start} waits for node to load the script. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    static final Duration RESTART_INTERVAL = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(ScriptRouter.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BRIDGE = "custom-router-bridge.cjs";
    private static final Mono<Optional<String>> NOTHING = Mono.just(Optional.empty());

    private final Path script;
    private final String name;
    private final String node;
    private final Path bridge;
    private final String configLine;
    private final Duration timeout;
    private final AtomicLong ids = new AtomicLong();
    private final DistinctWarnings warnings = new DistinctWarnings(LOG);
    private final ScriptSlot slot = new ScriptSlot();
    private long lastLaunch;

    private ScriptRouter(Path script, String node, Path bridge, String configLine, Duration timeout) {
        this.script = script;
        this.name = String.valueOf(script.getFileName());
        this.node = node;
        this.bridge = bridge;
        this.configLine = configLine;
        this.timeout = timeout;
        // the first crash restarts at once; only repeated crashes wait
        this.lastLaunch = System.nanoTime() - RESTART_INTERVAL.toNanos();
    }

    /**
     * Starts node (the binary named by the environment variable {@code ROUTER_NODE}, else {@code node} on
     * the PATH) on the script and waits until the script is loaded.
     *
     * @param script the CommonJS (or ES module) file of config.json's {@code CUSTOM_ROUTER_PATH}
     * @param config passed to the script as its second argument; ccr passes the whole parsed config.json
     * @param timeout how long one {@link #route} call waits for the script's answer
     * @return the running router; close it to stop node
     * @throws IOException naming the script and the cause: node is missing, the script does not exist,
     *     fails to load (e.g. a syntax error) or is not loaded within 10 s
     */
    public static ScriptRouter start(Path script, JsonNode config, Duration timeout) throws IOException {
        String fromEnv = System.getenv("ROUTER_NODE");
        return start(script, config, timeout, fromEnv == null || fromEnv.isBlank() ? "node" : fromEnv.strip());
    }

    static ScriptRouter start(Path script, JsonNode config, Duration timeout, String node) throws IOException {
        Objects.requireNonNull(config, "config");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        Path absolute = script.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new IOException("custom router " + absolute + ": no such file");
        }
        ObjectNode configMessage = JSON.createObjectNode();
        configMessage.set("config", config);
        ScriptRouter router =
                new ScriptRouter(absolute, node, extractBridge(), JSON.writeValueAsString(configMessage), timeout);
        try {
            router.awaitReady(Objects.requireNonNull(router.slot.ensure(router::launch)));
            return router;
        } catch (IOException | RuntimeException e) {
            router.close();
            throw e;
        }
    }

    static Path extractBridge() throws IOException {
        Path file = Files.createTempFile("custom-router-bridge", ".cjs");
        try (InputStream in = ScriptRouter.class.getResourceAsStream(BRIDGE)) {
            if (in == null) {
                throw new IOException(BRIDGE + " is missing from the classpath");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private ScriptProcess launch() throws IOException {
        try {
            return ScriptProcess.launch(
                    List.of(node, bridge.toString(), script.toString()),
                    name,
                    configLine,
                    READY_TIMEOUT,
                    JSON,
                    warnings);
        } catch (IOException e) {
            String cause = "node".equals(node)
                    ? "node not found on PATH; install Node.js or set ROUTER_NODE"
                    : "ROUTER_NODE=" + node + " cannot be started (" + e.getMessage() + ")";
            throw new IOException("custom router " + script + ": " + cause, e);
        }
    }

    private void awaitReady(ScriptProcess process) throws IOException {
        try {
            process.ready().get(READY_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof TimeoutException
                    ? "not loaded within " + READY_TIMEOUT.toSeconds() + " s"
                    : String.valueOf(cause.getMessage());
            throw new IOException("custom router " + script + ": " + why, cause);
        } catch (TimeoutException e) {
            throw new IOException(
                    "custom router " + script + ": not loaded within " + READY_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("custom router " + script + ": interrupted while loading", e);
        }
    }

    /**
     * Asks the script for a target. Never blocks the calling thread: the request line is serialized here
     * and queued for a writer thread; the answer arrives on the scheduler {@link Schedulers#parallel()}.
     *
     * @param body the Anthropic Messages request body, passed to the script as {@code req.body}
     * @param tokenCount the request's token count, {@code req.tokenCount}
     * @param sessionId Claude Code's session id, {@code req.sessionId} (left undefined when null)
     * @return the script's {@code "provider,model"}, or empty when it returned null/undefined, threw, did
     *     not answer within the timeout, or node is down (each cause logged once at WARN, never the body)
     */
    public Mono<Optional<String>> route(JsonNode body, int tokenCount, @Nullable String sessionId) {
        return route(body, tokenCount, sessionId, timeout);
    }

    /** As {@link #route(JsonNode, int, String)}, waiting at most {@code budget} for the answer. */
    public Mono<Optional<String>> route(JsonNode body, int tokenCount, @Nullable String sessionId, Duration budget) {
        if (slot.closed()) {
            return NOTHING;
        }
        long id = ids.incrementAndGet();
        String line;
        try {
            line = requestLine(id, body, tokenCount, sessionId);
        } catch (JacksonException e) {
            warnings.warn(
                    "serialize",
                    "custom router {}: the request cannot be written as JSON ({})",
                    name,
                    e.getOriginalMessage());
            return NOTHING;
        }
        return slot.process(this::relaunch)
                .flatMap(target -> Mono.<Optional<String>>create(sink -> {
                            sink.onCancel(() -> target.forget(id));
                            if (!target.send(id, line, new Answer(sink))) {
                                sink.success(Optional.empty());
                            }
                        })
                        .timeout(budget, Mono.fromSupplier(() -> timedOut(target, id))))
                .timeout(budget.multipliedBy(2), Mono.just(Optional.empty()))
                .defaultIfEmpty(Optional.empty())
                .publishOn(Schedulers.parallel());
    }

    /** The script's one answer line: a model, nothing, or an error that leaves routing to the rules. */
    private final class Answer implements ScriptProcess.Call {
        private final MonoSink<Optional<String>> sink;

        Answer(MonoSink<Optional<String>> sink) {
            this.sink = sink;
        }

        @Override
        public boolean answer(JsonNode message) {
            JsonNode error = message.get("error");
            JsonNode model = message.get("model");
            if (error != null && !error.isNull()) {
                String text = ScriptProcess.text(error);
                warnings.warn("error:" + text, "custom router {} failed: {}; the normal routing decides", name, text);
                sink.success(Optional.empty());
            } else if (model != null && model.isString()) {
                sink.success(Optional.of(model.stringValue()));
            } else {
                sink.success(Optional.empty());
            }
            return true;
        }

        @Override
        public void gone() {
            sink.success(Optional.empty());
        }
    }

    private static String requestLine(long id, JsonNode body, int tokenCount, @Nullable String sessionId) {
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        ObjectNode req = message.putObject("req");
        req.set("body", body);
        req.put("tokenCount", tokenCount);
        if (sessionId != null) {
            req.put("sessionId", sessionId);
        }
        return JSON.writeValueAsString(message);
    }

    private Optional<String> timedOut(ScriptProcess target, long id) {
        target.timedOut(id);
        warnings.warn(
                "timeout",
                "custom router {} gave no answer within {} ms; the normal routing decides",
                name,
                timeout.toMillis());
        return Optional.empty();
    }

    /** Restarts a dead process unless the last launch was under {@link #RESTART_INTERVAL} ago; null if not. */
    private @Nullable ScriptProcess relaunch() {
        return slot.ensure(() -> {
            long now = System.nanoTime();
            if (now - lastLaunch < RESTART_INTERVAL.toNanos()) {
                warnings.warn(
                        "down",
                        "custom router {}: node is down; it restarts at most every {} s, meanwhile "
                                + "the normal routing decides",
                        name,
                        RESTART_INTERVAL.toSeconds());
                return null;
            }
            lastLaunch = now;
            try {
                ScriptProcess restarted = launch();
                LOG.info("custom router {}: node restarted", name);
                restarted.ready().whenComplete((ok, failure) -> {
                    if (failure != null && !slot.closed()) {
                        warnings.warn(
                                "restart:" + failure.getMessage(),
                                "custom router {}: restart failed: {}",
                                name,
                                failure.getMessage());
                    }
                });
                return restarted;
            } catch (IOException e) {
                warnings.warn("launch:" + e.getMessage(), "{}", e.getMessage());
                return null;
            }
        });
    }

    /** The pid of the running node process, or -1; for tests. */
    long pid() {
        ScriptProcess running = slot.alive();
        return running != null ? running.pid() : -1;
    }

    /**
     * Stops node and deletes the extracted bridge file; pending and later calls complete empty.
     */
    @Override
    public void close() {
        slot.close(bridge);
    }
}
