package dev.modelrouter.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * A claude-code-router {@code CUSTOM_ROUTER_PATH} script ({@code module.exports = async function
 * router(req, config, context)}) loaded into the daemon's one Node.js process ({@link NodeHost}, which
 * also hosts the JS transformers) and asked, per request, for a {@code "provider,model"} target. Any
 * failure (error, timeout, dead process) answers empty, which means "let the normal routing decide", as
 * in ccr. Each router is loaded under a key of its own, so loading the script again (an edited file, a
 * reload) is a load in place while the requests that asked the old one finish; closing it drops it from
 * node, which keeps running. A crashed node restarts on a later call with the script loaded again.
 */
public final class ScriptRouter implements AutoCloseable {

    /** How long {@link #load} waits for node to load the script. */
    static final Duration READY_TIMEOUT = NodeHost.READY_TIMEOUT;

    private static final Logger LOG = LoggerFactory.getLogger(ScriptRouter.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Mono<Optional<String>> NOTHING = Mono.just(Optional.empty());

    private final NodeHost host;
    private final boolean ownsHost;
    private final String key;
    private final Path script;
    private final String name;
    private final Duration timeout;
    private final DistinctWarnings warnings = new DistinctWarnings(LOG);
    private volatile boolean closed;

    private ScriptRouter(NodeHost host, boolean ownsHost, String key, Path script, Duration timeout) {
        this.host = host;
        this.ownsHost = ownsHost;
        this.key = key;
        this.script = script;
        this.name = String.valueOf(script.getFileName());
        this.timeout = timeout;
    }

    /**
     * Starts a node of its own (the binary named by the environment variable {@code ROUTER_NODE}, else
     * {@code node} on the PATH) and loads the script into it; closing the router stops that node.
     *
     * @see #load
     */
    public static ScriptRouter start(Path script, JsonNode config, Duration timeout) throws IOException {
        return own(NodeHost.create(), script, config, timeout);
    }

    static ScriptRouter start(Path script, JsonNode config, Duration timeout, String node) throws IOException {
        return own(NodeHost.create(node), script, config, timeout);
    }

    private static ScriptRouter own(NodeHost host, Path script, JsonNode config, Duration timeout) throws IOException {
        try {
            return load(host, true, script, config, timeout);
        } catch (IOException | RuntimeException e) {
            host.close();
            throw e;
        }
    }

    /**
     * Loads the script into {@code host} (starting its node if none runs) and waits until it is loaded;
     * the file's text is read afresh, even when node loaded it before.
     *
     * @param script the CommonJS (or ES module) file of config.json's {@code CUSTOM_ROUTER_PATH}
     * @param config passed to the script as its second argument; ccr passes the whole parsed config.json
     * @param timeout how long one {@link #route} call waits for the script's answer
     * @return the loaded router; close it to drop it from node
     * @throws IOException naming the script and the cause: node is missing, the script does not exist,
     *     fails to load (e.g. a syntax error) or is not loaded within 10 s
     */
    public static ScriptRouter load(NodeHost host, Path script, JsonNode config, Duration timeout) throws IOException {
        return load(host, false, script, config, timeout);
    }

    private static ScriptRouter load(NodeHost host, boolean owns, Path script, JsonNode config, Duration timeout)
            throws IOException {
        Objects.requireNonNull(config, "config");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        Path absolute = script.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new IOException("custom router " + absolute + ": no such file");
        }
        ScriptRouter router = new ScriptRouter(host, owns, "r" + host.nextId(), absolute, timeout);
        try {
            router.loadInto(config);
            return router;
        } catch (IOException e) {
            throw new IOException("custom router " + absolute + ": " + e.getMessage(), e);
        }
    }

    private void loadInto(JsonNode config) throws IOException {
        ScriptProcess process = host.processNow();
        long id = host.nextId();
        ObjectNode line = JSON.createObjectNode()
                .put("op", "router")
                .put("id", id)
                .put("key", key)
                .put("path", script.toString());
        line.set("config", config);
        // remembered before it is sent: a node that dies meanwhile is restarted with it loaded
        host.remember(replayKey(), line);
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        if (!process.send(id, JSON.writeValueAsString(line), new ScriptProcess.Call() {
            @Override
            public boolean answer(JsonNode message) {
                answer.complete(message);
                return true;
            }

            @Override
            public void gone() {
                answer.completeExceptionally(new IOException("node exited while loading it"));
            }
        })) {
            answer.completeExceptionally(new IOException("node exited while loading it"));
        }
        try {
            JsonNode message = answer.get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (message.has("error")) {
                throw new IOException("failed to load: " + ScriptProcess.text(message.get("error")));
            }
        } catch (ExecutionException e) {
            drop();
            throw new IOException(String.valueOf(e.getCause().getMessage()), e.getCause());
        } catch (TimeoutException e) {
            process.forget(id);
            drop();
            throw new IOException("not loaded within " + READY_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            drop();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading", e);
        } catch (IOException e) {
            drop();
            throw e;
        }
    }

    private String replayKey() {
        return "router:" + key;
    }

    /** Drops the script from node: the key loads nothing any more. */
    private void drop() {
        host.forget(
                replayKey(),
                JSON.createObjectNode().put("op", "router").put("key", key).putNull("path"));
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
        if (closed || host.closed()) {
            return NOTHING;
        }
        long id = host.nextId();
        String line;
        try {
            line = requestLine(id, key, body, tokenCount, sessionId);
        } catch (JacksonException e) {
            warnings.warn(
                    "serialize",
                    "custom router {}: the request cannot be written as JSON ({})",
                    name,
                    e.getOriginalMessage());
            return NOTHING;
        }
        return host.process()
                .onErrorResume(e -> {
                    warnings.warn(
                            "down:" + e.getMessage(),
                            "custom router {}: {}; meanwhile the normal routing decides",
                            name,
                            e.getMessage());
                    return Mono.empty();
                })
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

    private static String requestLine(long id, String key, JsonNode body, int tokenCount, @Nullable String sessionId) {
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("key", key);
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

    /** The pid of the running node process, or -1; for tests. */
    long pid() {
        return host.pid();
    }

    /**
     * Drops the script from node, or stops node when this router started its own; pending calls of an
     * own node, and later calls, complete empty.
     */
    @Override
    public void close() {
        closed = true;
        if (ownsHost) {
            host.close();
        } else {
            drop();
        }
    }
}
