package dev.modelrouter.plugin;

import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * claude-code-router's JavaScript transformers ({@code "transformers": [{"path": "x.js", "options": {}}]})
 * hosted by the daemon's one Node.js process ({@link NodeHost}), which also runs the custom router
 * script, as in ccr. Each file is loaded once ({@code require}, {@code new Cls(options)}) and loaded again when it
 * changes on disk. The hooks get ccr's shapes: {@code transformRequestIn(body, provider, context)} the
 * OpenAI-shaped unified body, and {@code transformResponseOut(response, context)} a fetch
 * {@code Response} whose body streams as the upstream's bytes arrive. A hook that throws, or gives no
 * answer within the timeout, fails the call with an error naming its file; a dead node restarts on a
 * later call with every file loaded again.
 */
public final class ScriptTransformers implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What a file's transformer says of itself once loaded. */
    public record Loaded(String name, @Nullable String endPoint, List<String> hooks) {}

    /**
     * What {@code transformRequestIn} made of a request.
     *
     * @param body the body to send
     * @param url the endpoint the transformer chose ({@code config.url}), or null to keep the provider's
     * @param headers headers to set ({@code config.headers}); a null value removes the header
     */
    public record Request(ObjectNode body, @Nullable String url, Map<String, @Nullable String> headers) {}

    /** A response as {@code transformResponseOut} returned it: the body streams as node writes it. */
    public record Reply(int status, Map<String, String> headers, Flux<byte[]> body) {}

    private record Source(Path file, ObjectNode options) {}

    private final NodeHost host;
    private final boolean ownsHost;
    private final Duration timeout;
    private final Map<String, Source> sources = new ConcurrentHashMap<>();

    private ScriptTransformers(NodeHost host, boolean ownsHost, Duration timeout) {
        this.host = host;
        this.ownsHost = ownsHost;
        this.timeout = timeout;
    }

    /**
     * A host of its own, which starts node (the {@code ROUTER_NODE} environment variable, else
     * {@code node} on the PATH) on its first call and stops it when closed.
     *
     * @param timeout how long one hook may take before its call fails
     */
    public static ScriptTransformers create(Duration timeout) {
        return new ScriptTransformers(NodeHost.create(), true, timeout);
    }

    /**
     * The transformers of {@code host}, whose node they share with the custom router script; closing
     * them leaves node to the host's owner.
     *
     * @param timeout how long one hook may take before its call fails
     */
    public static ScriptTransformers on(NodeHost host, Duration timeout) {
        return new ScriptTransformers(host, false, timeout);
    }

    /**
     * Loads {@code file} under {@code key}; later calls name the key.
     *
     * @return the transformer's name, endpoint and hooks; an error naming the file when node is missing
     *     or the file fails to load (a syntax error, no class, no name)
     */
    public Mono<Loaded> load(String key, Path file, ObjectNode options) {
        Source source = new Source(file.toAbsolutePath().normalize(), options.deepCopy());
        sources.put(key, source);
        ObjectNode line = loadLine(key, source);
        host.remember(replayKey(key), line);
        return call(line, file.toString()).map(answer -> {
            JsonNode endPoint = answer.path("endPoint");
            return new Loaded(
                    answer.path("name").asString(""),
                    endPoint.isString() ? endPoint.asString() : null,
                    answer.path("hooks").valueStream().map(JsonNode::asString).toList());
        });
    }

    /**
     * Forgets the transformer loaded as {@code key}: node drops its instance, and a restarted node does not
     * load it again. A running node is told; a stopped one is not started for it.
     */
    public void unload(String key) {
        if (sources.remove(key) != null) {
            host.forget(
                    replayKey(key), JSON.createObjectNode().put("op", "unload").put("key", key));
        }
    }

    private static String replayKey(String key) {
        return "transformer:" + key;
    }

    /** ccr's {@code transformRequestIn(body, provider, context)} of the transformer loaded as {@code key}. */
    public Mono<Request> requestIn(String key, ObjectNode body, ObjectNode provider) {
        Source source = sources.get(key);
        if (source == null) {
            return Mono.error(new IllegalStateException("no transformer loaded as " + key));
        }
        ObjectNode line = JSON.createObjectNode().put("op", "requestIn").put("key", key);
        line.set("body", body);
        line.set("provider", provider);
        return call(line, source.file().toString()).map(answer -> {
            JsonNode sent = answer.path("body");
            if (!sent.isObject()) {
                throw failure(source.file() + ": transformRequestIn returned no request body");
            }
            Map<String, @Nullable String> headers = new LinkedHashMap<>();
            answer.path("config")
                    .path("headers")
                    .properties()
                    .forEach(e -> headers.put(
                            e.getKey(),
                            e.getValue().isNull() ? null : e.getValue().asString()));
            JsonNode url = answer.path("config").path("url");
            return new Request((ObjectNode) sent, url.isString() ? url.asString() : null, headers);
        });
    }

    /**
     * ccr's {@code transformResponseOut(response, context)} of the transformers loaded as {@code keys},
     * applied in that order to a {@code Response} built from the upstream's status, headers and body.
     * The upstream body is subscribed when the result is; cancelling the result's body cancels it.
     */
    public Mono<Reply> responseOut(List<String> keys, int status, Map<String, String> headers, Flux<byte[]> body) {
        String files = String.join(
                ", ",
                keys.stream().map(k -> String.valueOf(sources.get(k).file())).toList());
        return process(files)
                .flatMap(process -> Mono.<Reply>create(sink -> {
                            long id = host.nextId();
                            ResponseCall answer = new ResponseCall(sink, files);
                            ObjectNode line = JSON.createObjectNode()
                                    .put("op", "responseOut")
                                    .put("id", id)
                                    .put("status", status);
                            keys.forEach(line.putArray("keys")::add);
                            headers.forEach(line.putObject("headers")::put);
                            if (!process.send(id, JSON.writeValueAsString(line), answer)) {
                                sink.error(failure(files + ": node is not running"));
                                return;
                            }
                            Disposable upstream = body.subscribe(
                                    bytes -> process.sendMore(id, chunkLine("chunk", id, bytes)),
                                    error -> process.sendMore(-1, chunkLine("cancel", id, null)),
                                    () -> process.sendMore(id, chunkLine("end", id, null)));
                            answer.onCancel(() -> {
                                upstream.dispose();
                                process.forget(id);
                                process.sendMore(-1, chunkLine("cancel", id, null));
                            });
                            sink.onCancel(answer::cancel);
                        })
                        .publishOn(Schedulers.parallel())
                        .timeout(
                                timeout,
                                Mono.error(() -> failure(files + ": transformResponseOut gave no answer within "
                                        + timeout.toMillis() + " ms"))));
    }

    private static String chunkLine(String op, long id, byte @Nullable [] bytes) {
        ObjectNode line = JSON.createObjectNode().put("op", op).put("id", id);
        if (bytes != null) {
            line.put("data", Base64.getEncoder().encodeToString(bytes));
        }
        return JSON.writeValueAsString(line);
    }

    /** The head, then the body, of one streamed {@code transformResponseOut} answer. */
    private static final class ResponseCall implements ScriptProcess.Call {
        private final MonoSink<Reply> head;
        private final String files;
        private final Sinks.Many<byte[]> body = Sinks.many().unicast().onBackpressureBuffer();
        private volatile @Nullable Runnable cancel;
        private boolean started;

        ResponseCall(MonoSink<Reply> head, String files) {
            this.head = head;
            this.files = files;
        }

        void onCancel(Runnable action) {
            cancel = action;
        }

        void cancel() {
            Runnable action = cancel;
            if (action != null) {
                action.run();
            }
        }

        @Override
        public boolean answer(JsonNode message) {
            JsonNode error = message.get("error");
            if (error != null) {
                RouterException failed = failure(ScriptProcess.text(error));
                if (started) {
                    body.tryEmitError(failed);
                } else {
                    head.error(failed);
                }
                return true;
            }
            if (message.has("head")) {
                started = true;
                Map<String, String> headers = new LinkedHashMap<>();
                message.path("head")
                        .path("headers")
                        .properties()
                        .forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
                // node's answers arrive on the one thread that reads its stdout: hand them to others
                head.success(new Reply(
                        message.path("head").path("status").asInt(200),
                        headers,
                        body.asFlux().publishOn(Schedulers.parallel()).doOnCancel(this::cancel)));
                return false;
            }
            if (message.has("data")) {
                body.tryEmitNext(Base64.getDecoder().decode(message.path("data").asString()));
                return false;
            }
            body.tryEmitComplete();
            return true;
        }

        @Override
        public void gone() {
            RouterException failed = failure(files + ": node exited while transforming the response");
            if (started) {
                body.tryEmitError(failed);
            } else {
                head.error(failed);
            }
        }
    }

    private static RouterException failure(String message) {
        return new RouterException(ErrorKind.BAD_GATEWAY, "JS transformer " + message);
    }

    private static ObjectNode loadLine(String key, Source source) {
        ObjectNode line = JSON.createObjectNode()
                .put("op", "load")
                .put("key", key)
                .put("path", source.file().toString());
        line.set("options", source.options());
        return line;
    }

    /** One request line, one answer line; an error answer or the timeout fail it naming {@code file}. */
    private Mono<JsonNode> call(ObjectNode line, String file) {
        String op = line.path("op").asString();
        return process(file)
                .flatMap(process -> Mono.<JsonNode>create(sink -> {
                            long id = host.nextId();
                            line.put("id", id);
                            sink.onCancel(() -> process.forget(id));
                            boolean sent = process.send(id, JSON.writeValueAsString(line), new ScriptProcess.Call() {
                                @Override
                                public boolean answer(JsonNode message) {
                                    JsonNode error = message.get("error");
                                    if (error != null) {
                                        sink.error(failure(ScriptProcess.text(error)));
                                    } else {
                                        sink.success(message);
                                    }
                                    return true;
                                }

                                @Override
                                public void gone() {
                                    sink.error(failure(file + ": node exited during " + op));
                                }
                            });
                            if (!sent) {
                                sink.error(failure(file + ": node is not running"));
                            }
                        })
                        .publishOn(Schedulers.parallel())
                        .timeout(timeout, Mono.error(() -> {
                            process.timedOut(line.path("id").asLong());
                            return failure(file + ": " + (op.equals("load") ? "loading" : op)
                                    + " gave no answer within " + timeout.toMillis() + " ms");
                        })));
    }

    /** The node process, or an error naming {@code files} and why node is not there. */
    private Mono<ScriptProcess> process(String files) {
        return host.process().onErrorMap(IOException.class, e -> failure(files + ": " + e.getMessage()));
    }

    @Override
    public void close() {
        if (ownsHost) {
            host.close();
        }
    }
}
