package dev.modelrouter.server;

import dev.modelrouter.config.ServerTimeouts;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import reactor.netty.http.server.HttpServer;

/**
 * The server's timeouts on its clients (config.json's {@code server}). Each applies only while the
 * router waits on the client: for a request's head ({@link HeadDeadline}), for its body (Reactor
 * Netty's request timeout, which ends with the body) and for the next request on a connection
 * (Reactor Netty's idle timeout, off while a request is served). None runs while an answer streams,
 * so a slow-thinking model's long silences are bounded only by the provider's own idle timeout.
 * It also adds {@link ReadAfterAnswer}, which keeps a keep-alive connection reading between requests,
 * and {@link ChunkBatches}, which writes the buffers of one burst as one chunk.
 */
final class ServerTimeoutsCustomizer implements NettyServerCustomizer {

    private final ServerTimeouts timeouts;

    ServerTimeoutsCustomizer(ServerTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.idleTimeout(timeouts.idle())
                .requestTimeout(timeouts.body())
                .doOnChannelInit((observer, channel, remote) -> {
                    channel.pipeline().addFirst("router.lingeringClose", new LingeringClose());
                    HeadDeadline.install(channel.pipeline(), timeouts.header());
                    ReadAfterAnswer.install(channel.pipeline());
                    ChunkBatches.install(channel.pipeline());
                });
    }
}
