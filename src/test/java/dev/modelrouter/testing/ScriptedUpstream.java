package dev.modelrouter.testing;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * A provider on loopback that answers from a script and records what it received: the paid far side
 * of the router, and nothing else. Used by integration tests and by the benchmark (its {@code main}).
 */
public final class ScriptedUpstream implements AutoCloseable {

    /** One received request. */
    public record Received(String method, String uri, Map<String, String> headers, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Where a scripted provider stops talking without hanging up, as a provider that stalls does. */
    public enum Silence {
        /** It does not: the reply is sent whole and ends. */
        NONE,
        /** It reads the request and never answers, not even with headers. */
        BEFORE_HEADERS,
        /** It sends the headers and every piece at once, then nothing more. */
        AFTER_CHUNKS
    }

    /**
     * One scripted answer: status, headers, and body pieces sent with a pause before each of them,
     * and where it falls silent on an open connection, if anywhere.
     */
    public record Reply(int status, Map<String, String> headers, List<String> chunks, Duration pause, Silence silence) {

        public Reply(int status, Map<String, String> headers, List<String> chunks, Duration pause) {
            this(status, headers, chunks, pause, Silence.NONE);
        }

        /** An Anthropic message saying "Hi!" from model {@code m}, 5 tokens in and 2 out. */
        public static final String HI = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"Hi!\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":5,\"output_tokens\":2}}";

        /** {@link #HI} as a 200 JSON answer. */
        public static Reply hi() {
            return json(200, HI);
        }

        /** A Chat Completions answer saying "Hi!" from model {@code m}, 5 tokens in and 2 out. */
        public static final String CHAT_HI = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi!\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}";

        /** {@link #CHAT_HI} as a 200 JSON answer. */
        public static Reply chatHi() {
            return json(200, CHAT_HI);
        }

        public static Reply json(int status, String body) {
            return new Reply(status, Map.of("content-type", "application/json"), List.of(body), Duration.ZERO);
        }

        public static Reply sse(List<String> events) {
            return new Reply(200, Map.of("content-type", "text/event-stream"), events, Duration.ZERO);
        }

        public Reply paced(Duration value) {
            return new Reply(status, headers, chunks, value, silence);
        }

        /** This reply's headers and pieces at once, then silence on an open connection. */
        public Reply thenSilence() {
            return new Reply(status, headers, chunks, Duration.ZERO, Silence.AFTER_CHUNKS);
        }

        /** No answer at all, not even headers, on a connection left open. */
        public static Reply unanswered() {
            return new Reply(200, Map.of(), List.of(), Duration.ZERO, Silence.BEFORE_HEADERS);
        }
    }

    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    /** {@link System#nanoTime()} at each arrival, in the order of {@link #received}. */
    private final List<Long> arrivedAt = new ArrayList<>();

    private final java.util.concurrent.atomic.AtomicInteger cancelled = new java.util.concurrent.atomic.AtomicInteger();
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private volatile Function<Received, Reply> fallback = r -> Reply.json(500, "{\"error\":\"no scripted reply\"}");
    private final DisposableServer server;

    // Its own event loops: a router shutting down in the same JVM disposes Reactor Netty's global
    // loops a moment later, which would take down a scripted provider that another test has just started.
    private static final LoopResources LOOPS = LoopResources.create("scripted-upstream", 2, true);

    /** Starts on a free loopback port. */
    public ScriptedUpstream() {
        this(0);
    }

    /** Starts on the given loopback port (0 = any free port). */
    public ScriptedUpstream(int port) {
        server = HttpServer.create()
                .runOn(LOOPS)
                .host("127.0.0.1")
                .port(port)
                .handle((req, res) -> req.receive()
                        .aggregate()
                        .asByteArray()
                        .defaultIfEmpty(new byte[0])
                        .flatMap(body -> {
                            Map<String, String> headers = new LinkedHashMap<>();
                            req.requestHeaders()
                                    .forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
                            Received r = new Received(req.method().name(), req.uri(), headers, body);
                            synchronized (arrivedAt) {
                                received.add(r);
                                arrivedAt.add(System.nanoTime());
                            }
                            Reply reply = script.poll();
                            if (reply == null) {
                                reply = fallback.apply(r);
                            }
                            if (reply.silence() == Silence.BEFORE_HEADERS) {
                                return Mono.<Void>never().doOnCancel(cancelled::incrementAndGet);
                            }
                            res.status(HttpResponseStatus.valueOf(reply.status()));
                            reply.headers().forEach(res::header);
                            if (reply.silence() == Silence.AFTER_CHUNKS) {
                                Flux<String> stalling =
                                        Flux.fromIterable(reply.chunks()).concatWith(Flux.never());
                                return res.sendHeaders()
                                        .sendString(stalling, StandardCharsets.UTF_8)
                                        .then()
                                        .doOnCancel(cancelled::incrementAndGet);
                            }
                            Flux<String> chunks = Flux.fromIterable(reply.chunks());
                            if (!reply.pause().isZero()) {
                                chunks = chunks.delayElements(reply.pause()).doOnCancel(cancelled::incrementAndGet);
                            }
                            if (reply.chunks().size() == 1 && reply.pause().isZero()) {
                                byte[] bytes = reply.chunks().get(0).getBytes(StandardCharsets.UTF_8);
                                res.header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(bytes.length));
                                return res.send(Mono.just(Unpooled.wrappedBuffer(bytes)))
                                        .then();
                            }
                            return res.sendString(chunks, StandardCharsets.UTF_8)
                                    .then();
                        }))
                .bindNow();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    /** Queues replies, served in order. */
    public ScriptedUpstream enqueue(Reply... replies) {
        Collections.addAll(script, replies);
        return this;
    }

    /** Forgets queued replies. */
    public ScriptedUpstream clearScript() {
        script.clear();
        return this;
    }

    /** Forgets the queued replies of each of {@code upstreams}, for a test class that scripts several. */
    public static void clearScripts(ScriptedUpstream... upstreams) {
        for (ScriptedUpstream u : upstreams) {
            u.clearScript();
        }
    }

    /** Closes each of {@code upstreams}. */
    public static void closeAll(ScriptedUpstream... upstreams) {
        for (ScriptedUpstream u : upstreams) {
            u.close();
        }
    }

    /** The reply when the queue is empty. */
    public ScriptedUpstream otherwise(Function<Received, Reply> value) {
        fallback = value;
        return this;
    }

    /** How many paced replies were cut off because the caller went away. */
    public int cancelled() {
        return cancelled.get();
    }

    /** What was received, in order. */
    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** When each request of {@link #received()} arrived, as {@link System#nanoTime()} readings. */
    public List<Long> arrivals() {
        synchronized (arrivedAt) {
            return new ArrayList<>(arrivedAt);
        }
    }

    public Received last() {
        List<Received> all = received();
        return all.get(all.size() - 1);
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
