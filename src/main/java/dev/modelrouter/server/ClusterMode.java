package dev.modelrouter.server;

import dev.modelrouter.cluster.Cluster;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The instance's cluster membership, {@code null} for a single instance (no {@code cluster.redis}
 * and no {@code $ROUTER_REDIS_URL}): then nothing of cluster mode is built or consulted.
 */
record ClusterMode(@Nullable Cluster cluster) implements AutoCloseable {

    /** {@code GET /health}: {@code ok}, or in cluster mode without Redis, {@code serving without cluster state}. */
    Mono<ServerResponse> health(ServerRequest request) {
        String status = cluster == null || cluster.connected() ? "ok" : "serving without cluster state";
        return ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"status\":\"" + status + "\""
                        + (cluster == null ? "" : ",\"cluster\":" + cluster.connected()) + "}");
    }

    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
