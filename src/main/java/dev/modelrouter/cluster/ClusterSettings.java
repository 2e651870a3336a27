package dev.modelrouter.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Where the cluster's Redis is and how long a command to it may take.
 *
 * @param redis a {@code redis://} or {@code rediss://} URL
 * @param commandTimeout the longest one Redis command may take before the instance goes on without it
 */
public record ClusterSettings(URI redis, Duration commandTimeout) {

    /** The environment variable that turns cluster mode on when config.json does not. */
    public static final String ENV = "ROUTER_REDIS_URL";
    /** Long enough for a Redis on the same network, short enough that a slow one is not felt by clients. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(200);

    /**
     * Cluster mode's settings from config.json's {@code cluster.redis}, else {@value #ENV}; {@code null}
     * (single instance) when neither is set.
     *
     * @throws IllegalArgumentException when the URL is not a Redis URL
     */
    public static @Nullable ClusterSettings from(JsonNode config, Map<String, String> env) {
        JsonNode cluster = config.path("cluster");
        String url = cluster.path("redis").asString("");
        if (url.isBlank()) {
            url = env.getOrDefault(ENV, "");
        }
        if (url.isBlank()) {
            return null;
        }
        URI uri = URI.create(url.trim());
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw new IllegalArgumentException(
                    "cluster.redis must be a redis:// or rediss:// URL, got " + uri.getScheme() + "://…");
        }
        long ms = cluster.path("timeout_ms").asLong(DEFAULT_TIMEOUT.toMillis());
        return new ClusterSettings(uri, Duration.ofMillis(Math.max(1, ms)));
    }
}
