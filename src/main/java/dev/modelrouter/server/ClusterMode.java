package dev.modelrouter.server;

import dev.modelrouter.cluster.Cluster;
import dev.modelrouter.cluster.ClusterSwitch;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The instance's cluster mode, which follows the config in force: no cluster for a single instance (no
 * {@code cluster.redis} and no {@code $ROUTER_REDIS_URL}), where nothing of cluster mode is built or
 * consulted.
 */
record ClusterMode(ClusterSwitch clusterSwitch) implements AutoCloseable {

    /**
     * {@code GET /health}: {@code ok}, or in cluster mode without Redis, {@code serving without cluster
     * state} (still 200: the instance serves).
     */
    Mono<ServerResponse> health(ServerRequest request) {
        Cluster cluster = clusterSwitch.current();
        String status = cluster == null || cluster.connected() ? "ok" : "serving without cluster state";
        return ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"status\":\"" + status + "\""
                        + (cluster == null ? "" : ",\"cluster\":" + cluster.connected()) + "}");
    }

    @Override
    public void close() {
        clusterSwitch.close();
    }
}
