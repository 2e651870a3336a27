package dev.modelrouter.upstream;

import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import io.netty.channel.ChannelOption;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.transport.ProxyProvider;

/**
 * Sends requests to providers over one shared connection pool (per proxy setting) and hands back
 * the reply as it streams in. It never buffers a body and never throws on an HTTP error status: the
 * caller decides what an error means in the client's protocol. Connection failures become a 502
 * naming the provider and its URL (never a key).
 */
public final class UpstreamClient implements AutoCloseable {

    /** Response headers relayed to clients; everything else (hop-by-hop, cookies, lengths) stays. */
    private static final Set<String> RELAYED = Set.of(
            "content-type", "request-id", "x-request-id", "retry-after", "retry-after-ms", "x-should-retry");

    private static final String RATELIMIT_PREFIX = "anthropic-ratelimit-";

    private final ConnectionProvider pool;
    private final Duration connectTimeout;
    private final Map<String, WebClient> clients = new ConcurrentHashMap<>();

    /** A client whose connections time out after {@code connectTimeout}. */
    public UpstreamClient(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        this.pool = ConnectionProvider.builder("upstream")
                .maxConnections(1024)
                .pendingAcquireMaxCount(-1)
                .maxIdleTime(Duration.ofSeconds(50))
                .evictInBackground(Duration.ofSeconds(30))
                .build();
    }

    /** Sends the call through {@code proxyUrl} (or directly when {@code null}). */
    public Mono<UpstreamReply> send(UpstreamCall call, @Nullable String proxyUrl) {
        WebClient client = clients.computeIfAbsent(proxyUrl == null ? "" : proxyUrl, this::newClient);
        return client.post()
                .uri(call.uri())
                .headers(h -> call.headers().forEach(h::set))
                .bodyValue(call.body())
                .retrieve()
                .onStatus(HttpStatusCode::isError, r -> Mono.empty())
                .toEntityFlux(DataBuffer.class)
                .map(entity -> {
                    Map<String, String> headers = new HashMap<>();
                    entity.getHeaders().forEach((name, values) -> {
                        String n = name.toLowerCase(Locale.ROOT);
                        if ((RELAYED.contains(n) || n.startsWith(RATELIMIT_PREFIX)) && !values.isEmpty()) {
                            headers.put(n, values.get(0));
                        }
                    });
                    return new UpstreamReply(
                            entity.getStatusCode().value(),
                            headers,
                            entity.getBody() == null ? reactor.core.publisher.Flux.empty() : entity.getBody());
                })
                .onErrorMap(e -> !(e instanceof RouterException), e -> unreachable(call, e));
    }

    private static RouterException unreachable(UpstreamCall call, Throwable e) {
        Throwable root = e instanceof WebClientRequestException && e.getCause() != null ? e.getCause() : e;
        String reason = root instanceof TimeoutException ? "timed out" : root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return new RouterException(
                ErrorKind.BAD_GATEWAY, 502, "cannot reach " + call.describe() + ": " + reason, null, e);
    }

    private WebClient newClient(String proxyUrl) {
        HttpClient http = HttpClient.create(pool)
                .compress(Boolean.parseBoolean(System.getProperty("router.compress", "true")))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .option(ChannelOption.TCP_NODELAY, true);
        if (!proxyUrl.isEmpty()) {
            URI proxy = URI.create(proxyUrl);
            boolean socks = proxy.getScheme() != null && proxy.getScheme().toLowerCase(Locale.ROOT).startsWith("socks");
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
        return WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .codecs(c -> c.defaultCodecs().maxInMemorySize(1 << 20))
                .build();
    }

    @Override
    public void close() {
        pool.disposeLater().block(Duration.ofSeconds(5));
    }
}
