package dev.modelrouter.upstream;

import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.tcp.SslProvider;
import reactor.netty.transport.ProxyProvider;

/**
 * Sends requests to providers over one shared connection pool (per proxy setting) and hands back
 * the reply as it streams in. It never buffers a body and never throws on an HTTP error status: the
 * caller decides what an error means in the client's protocol. Connection failures become a 502
 * naming the provider and its URL (never a key).
 *
 * <p>Built on Reactor Netty's {@link HttpClient} directly: WebClient's codecs, header adapters and
 * entity mapping cost measurable CPU per request on the proxy's hot path and bring nothing here.
 */
public final class UpstreamClient implements AutoCloseable {

    /** Response headers relayed to clients; everything else (hop-by-hop, cookies, lengths) stays. */
    private static final String[] RELAYED = {
        "content-type", "request-id", "x-request-id", "retry-after", "retry-after-ms", "x-should-retry"
    };

    private static final String RATELIMIT_PREFIX = "anthropic-ratelimit-";

    /** Wrapping only, never allocating: the bytes stay Netty's pooled buffers. */
    private static final NettyDataBufferFactory BUFFERS = new NettyDataBufferFactory(ByteBufAllocator.DEFAULT);

    private final ConnectionProvider pool;
    private final Duration connectTimeout;
    private final boolean compress;
    private final boolean loopAffine;
    private final Map<Settings, HttpClient> clients = new ConcurrentHashMap<>();
    private final Map<Settings, Map<EventExecutor, HttpClient>> loopClients = new ConcurrentHashMap<>();
    private final List<ConnectionProvider> loopPools = new CopyOnWriteArrayList<>();

    /** What a configured client differs in: the proxy ({@code ""} for none) and the connect timeout. */
    private record Settings(String proxy, Duration connectTimeout) {}

    /** A client whose connections time out after {@code connectTimeout} unless a call says otherwise. */
    public UpstreamClient(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        // Off unless asked for (-Drouter.compress=true): with Netty's response decompressor in the
        // pipeline, paranoid leak detection reports unreleased socket buffers for answers that end
        // when the upstream closes the connection, and without it none. Model answers are small
        // next to their prompts, and event streams are rarely compressed, so little is lost.
        this.compress = Boolean.parseBoolean(System.getProperty("router.compress", "false"));
        this.loopAffine = Boolean.parseBoolean(System.getProperty("router.loopAffine", "true"));
        this.pool = newPool("upstream");
    }

    private static ConnectionProvider newPool(String name) {
        return ConnectionProvider.builder(name)
                .maxConnections(1024)
                .pendingAcquireMaxCount(-1)
                .maxIdleTime(Duration.ofSeconds(50))
                .evictInBackground(Duration.ofSeconds(30))
                .build();
    }

    /**
     * The client for this call: when called on a Netty event loop (the server's thread for this
     * request), one whose pooled connections live on that same loop, so the upstream's bytes reach
     * the client's connection without a hand-off between threads.
     */
    private HttpClient client(Settings settings) {
        EventExecutor current = loopAffine ? ThreadExecutorMap.currentExecutor() : null;
        if (current instanceof EventLoop loop) {
            Map<EventExecutor, HttpClient> byLoop =
                    loopClients.computeIfAbsent(settings, k -> new ConcurrentHashMap<>());
            HttpClient client = byLoop.get(loop);
            if (client == null) {
                client = byLoop.computeIfAbsent(loop, l -> {
                    ConnectionProvider own = newPool("upstream-" + loopPools.size());
                    loopPools.add(own);
                    return configure(HttpClient.create(own).runOn(loop), settings);
                });
            }
            return client;
        }
        return clients.computeIfAbsent(settings, k -> configure(HttpClient.create(pool), k));
    }

    /**
     * Readies what the first call to these endpoints would otherwise set up on its way: the event
     * loops, the host name resolver, the transport's native parts and, when any endpoint is https, the
     * TLS context (reading the JDK's trusted certificates alone takes a cold JVM a few hundred
     * milliseconds). Nothing is sent and no connection is opened.
     */
    public Mono<Void> warmup(Collection<URI> endpoints, @Nullable String proxyUrl) {
        boolean secure = endpoints.stream().anyMatch(u -> "https".equalsIgnoreCase(u.getScheme()));
        HttpClient client =
                configure(HttpClient.create(pool), new Settings(proxyUrl == null ? "" : proxyUrl, connectTimeout));
        return (secure ? client.secure() : client).warmup().then(Mono.fromRunnable(() -> {
            if (secure) {
                helloOnce();
            }
        }));
    }

    /**
     * Writes one TLS ClientHello into memory with the default client context: the key shares, the
     * extensions and the engine's classes (a few hundred of the JDK's, not in the class-data archive)
     * are then ready for the first real handshake.
     */
    private static void helloOnce() {
        SSLEngine engine = SslProvider.defaultClientProvider()
                .getSslContext()
                .newEngine(ByteBufAllocator.DEFAULT, "localhost", 443);
        try {
            engine.beginHandshake();
            ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(ByteBuffer.allocate(0), out);
        } catch (SSLException e) {
            // a head start only
        } finally {
            engine.closeOutbound();
        }
    }

    /** Sends the call through {@code proxyUrl} (or directly when {@code null}). */
    public Mono<UpstreamReply> send(UpstreamCall call, @Nullable String proxyUrl) {
        return send(call, proxyUrl, connectTimeout);
    }

    /**
     * Sends the call through {@code proxyUrl} (or directly when {@code null}), giving up on opening a
     * connection after {@code connectTimeout} (the provider's {@code connect_timeout_ms}).
     */
    public Mono<UpstreamReply> send(UpstreamCall call, @Nullable String proxyUrl, Duration connectTimeout) {
        HttpClient client = client(new Settings(proxyUrl == null ? "" : proxyUrl, connectTimeout));
        RequestBody body = call.content();
        ReplyBody[] pending = new ReplyBody[1];
        return client.request(HttpMethod.POST)
                .uri(call.uri())
                .send((request, out) -> {
                    HttpHeaders h = request.requestHeaders();
                    call.headers().forEach(h::set);
                    h.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length());
                    // a fresh buffer per attempt: Reactor Netty resends on a pooled connection found closed
                    return out.send(Mono.just(body.buffer()));
                })
                .responseConnection((response, connection) -> {
                    ReplyBody replyBody = new ReplyBody(connection);
                    pending[0] = replyBody;
                    return Mono.just(new UpstreamReply(response.status().code(), relayed(response), replyBody.flux()));
                })
                .next()
                .doOnCancel(() -> {
                    if (pending[0] != null) {
                        pending[0].abandon();
                    }
                })
                .onErrorMap(e -> !(e instanceof RouterException), e -> unreachable(call, e));
    }

    private static Map<String, String> relayed(HttpClientResponse response) {
        Map<String, String> headers = new HashMap<>(8);
        HttpHeaders all = response.responseHeaders();
        for (String name : RELAYED) {
            String value = all.get(name);
            if (value != null) {
                headers.put(name, value);
            }
        }
        Iterator<Map.Entry<CharSequence, CharSequence>> it = all.iteratorCharSequence();
        while (it.hasNext()) {
            Map.Entry<CharSequence, CharSequence> e = it.next();
            CharSequence name = e.getKey();
            if (name.length() > RATELIMIT_PREFIX.length()
                    && AsciiString.regionMatches(name, true, 0, RATELIMIT_PREFIX, 0, RATELIMIT_PREFIX.length())) {
                headers.putIfAbsent(
                        name.toString().toLowerCase(Locale.ROOT), e.getValue().toString());
            }
        }
        return headers;
    }

    private static RouterException unreachable(UpstreamCall call, Throwable e) {
        String reason = e instanceof TimeoutException
                ? "timed out"
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new RouterException(
                ErrorKind.BAD_GATEWAY, 502, "cannot reach " + call.describe() + ": " + reason, null, e);
    }

    private HttpClient configure(HttpClient base, Settings settings) {
        String proxyUrl = settings.proxy();
        HttpClient http = base.compress(compress)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        settings.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true);
        if (!proxyUrl.isEmpty()) {
            URI proxy = URI.create(proxyUrl);
            boolean socks = proxy.getScheme() != null
                    && proxy.getScheme().toLowerCase(Locale.ROOT).startsWith("socks");
            int port = proxy.getPort() > 0 ? proxy.getPort() : socks ? 1080 : 8080;
            http = http.proxy(spec -> {
                ProxyProvider.Builder b = spec.type(socks ? ProxyProvider.Proxy.SOCKS5 : ProxyProvider.Proxy.HTTP)
                        .host(proxy.getHost())
                        .port(port)
                        .nonProxyHosts("localhost|127\\..*|\\[::1\\]");
                String userInfo = proxy.getUserInfo();
                if (userInfo != null && userInfo.contains(":")) {
                    String user = userInfo.substring(0, userInfo.indexOf(':'));
                    String pass = userInfo.substring(userInfo.indexOf(':') + 1);
                    b.username(user).password(u -> pass);
                }
            });
        }
        return http;
    }

    @Override
    public void close() {
        for (ConnectionProvider own : loopPools) {
            own.disposeLater().block(Duration.ofSeconds(5));
        }
        pool.disposeLater().block(Duration.ofSeconds(5));
    }

    /**
     * A reply's body, read at most once. Reactor Netty releases each received buffer after handing
     * it on, so every buffer is retained once here and the consumer owns (and releases) it.
     * Cancelling the body closes the upstream connection; a body nobody reads is abandoned the same
     * way, so the provider stops generating.
     */
    private static final class ReplyBody {

        private final Connection connection;
        private final AtomicBoolean taken = new AtomicBoolean();

        ReplyBody(Connection connection) {
            this.connection = connection;
        }

        Flux<DataBuffer> flux() {
            return connection
                    .inbound()
                    .receive()
                    .doOnSubscribe(s -> taken.set(true))
                    .map(buf -> (DataBuffer) BUFFERS.wrap(buf.retain()));
        }

        void abandon() {
            if (taken.compareAndSet(false, true)) {
                connection.inbound().receive().subscribe().dispose();
            }
        }
    }
}
