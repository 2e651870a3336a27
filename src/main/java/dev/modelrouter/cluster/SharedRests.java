package dev.modelrouter.cluster;

import dev.modelrouter.config.LiveConfig;
import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.upstream.ProviderEndpoint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Key-pool rests shared between instances: a key one instance rests after a 429 (for its
 * {@code Retry-After}) or a 401 rests on every instance. A key travels as a hash of itself, never as
 * the key: each instance finds the key in its own pool by that hash. {@code mr:rest:<hash>} holds the
 * end of the rest (expiring with it) for instances that join or reconnect; {@value #CHANNEL} carries
 * {@code <instance> <hash> <untilEpochMs>}.
 */
final class SharedRests {

    static final String CHANNEL = "mr:rests";
    static final String KEY = "mr:rest:";

    private final RedisLink redis;
    private final String instance;
    private final LiveConfig live;
    private final ProviderEndpoint endpoint;

    SharedRests(RedisLink redis, String instance, LiveConfig live, ProviderEndpoint endpoint) {
        this.redis = redis;
        this.instance = instance;
        this.live = live;
        this.endpoint = endpoint;
        redis.subscribe(CHANNEL, (channel, message) -> received(message));
        endpoint.onRested(this::rested);
    }

    /** Stops telling other instances of this one's rests; the rests taken so far stay, as local state. */
    void unshare() {
        endpoint.onRested((provider, keyIndex, until) -> {});
    }

    private void rested(ProviderConfig provider, int keyIndex, Instant until) {
        String hash = hash(provider.apiKeys().get(keyIndex));
        long at = until.toEpochMilli();
        redis.call(r -> r.psetex(KEY + hash, Math.max(1, at - System.currentTimeMillis()), String.valueOf(at)))
                .subscribe();
        redis.publish(CHANNEL, instance + " " + hash + " " + at);
    }

    private void received(String message) {
        String[] parts = message.split(" ");
        if (parts.length == 3 && !instance.equals(parts[0])) {
            apply(parts[1], Long.parseLong(parts[2]));
        }
    }

    private void apply(String hash, long untilMs) {
        if (untilMs <= System.currentTimeMillis()) {
            return;
        }
        for (ProviderConfig p : live.current().providers()) {
            List<String> keys = p.apiKeys();
            for (int i = 0; i < keys.size(); i++) {
                if (hash.equals(hash(keys.get(i)))) {
                    endpoint.restUntil(p.name(), i, Instant.ofEpochMilli(untilMs));
                }
            }
        }
    }

    /** Reads the rests in Redis (on start, and when Redis is back). */
    void resync() {
        redis.call(r -> RedisLink.scan(r, KEY)
                        .flatMap(key -> r.get(key).doOnNext(v -> apply(key.substring(KEY.length()), Long.parseLong(v))))
                        .then())
                .subscribe();
    }

    /** The first 16 bytes of the key's SHA-256, in hex: names the key across instances without revealing it. */
    static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
