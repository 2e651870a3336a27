package dev.modelrouter.cluster;

import dev.modelrouter.clients.ClientCounts;
import dev.modelrouter.clients.LocalCounts;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Client keys' counts for the whole cluster: requests per minute window with {@code INCR} and
 * {@code EXPIRE} on {@code mr:client:rpm:<client>:<minute>}, tokens likewise on
 * {@code mr:client:tpm:<client>:<minute>}, and tokens per UTC day with {@code HINCRBY} on the hash
 * {@code mr:client:day:<yyyy-mm-dd>}. Every count goes to the local counts too, and an answer Redis
 * does not give in time comes from them: without Redis each instance limits on its own traffic, and
 * no request fails for it.
 */
final class SharedClientCounts implements ClientCounts {

    private static final String RPM = "mr:client:rpm:";
    private static final String TPM = "mr:client:tpm:";
    private static final String DAY = "mr:client:day:";
    /** A minute window outlives its minute a little, for clocks a little apart. */
    private static final Duration MINUTE_KEPT = Duration.ofMinutes(2);
    /** A day's hash is kept past its day for status and curious operators, then goes. */
    private static final Duration DAY_KEPT = Duration.ofDays(3);

    private final RedisLink redis;
    private final LocalCounts local;

    SharedClientCounts(RedisLink redis, LocalCounts local) {
        this.redis = redis;
        this.local = local;
    }

    @Override
    public Mono<Long> request(String client, long minute) {
        String key = RPM + client + ":" + minute;
        Mono<Long> locally = local.request(client, minute);
        return redis.call(r -> r.incr(key)
                        .flatMap(n -> n == 1 ? r.expire(key, MINUTE_KEPT).thenReturn(n) : Mono.just(n)))
                .switchIfEmpty(locally);
    }

    @Override
    public Mono<Long> minuteTokens(String client, long minute) {
        return redis.call(r ->
                        r.get(TPM + client + ":" + minute).map(Long::parseLong).defaultIfEmpty(0L))
                .switchIfEmpty(local.minuteTokens(client, minute));
    }

    @Override
    public Mono<Long> dayTokens(String client, String day) {
        return redis.call(r -> r.hget(DAY + day, client).map(Long::parseLong).defaultIfEmpty(0L))
                .switchIfEmpty(local.dayTokens(client, day));
    }

    @Override
    public void tokens(String client, long minute, String day, long tokens) {
        local.tokens(client, minute, day, tokens);
        String key = TPM + client + ":" + minute;
        redis.call(r -> r.incrby(key, tokens).flatMap(n -> r.expire(key, MINUTE_KEPT)))
                .subscribe();
        redis.call(r -> r.hincrby(DAY + day, client, tokens).flatMap(n -> r.expire(DAY + day, DAY_KEPT)))
                .subscribe();
    }
}
