package dev.modelrouter.clients;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * The counts of one instance, in memory: per client only the current window of each kind, so the
 * maps grow with the number of configured keys and no further.
 */
public final class LocalCounts implements ClientCounts {

    /** One window's count: the window it belongs to and how many. */
    private record Slot(String window, long count) {}

    private final Map<String, Slot> requests = new ConcurrentHashMap<>();
    private final Map<String, Slot> minuteTokens = new ConcurrentHashMap<>();
    private final Map<String, Slot> dayTokens = new ConcurrentHashMap<>();

    @Override
    public Mono<Long> request(String client, long minute) {
        return Mono.just(add(requests, client, Long.toString(minute), 1));
    }

    @Override
    public Mono<Long> minuteTokens(String client, long minute) {
        return Mono.just(add(minuteTokens, client, Long.toString(minute), 0));
    }

    @Override
    public Mono<Long> dayTokens(String client, String day) {
        return Mono.just(add(dayTokens, client, day, 0));
    }

    @Override
    public void tokens(String client, long minute, String day, long tokens) {
        add(minuteTokens, client, Long.toString(minute), tokens);
        add(dayTokens, client, day, tokens);
    }

    private static long add(Map<String, Slot> slots, String client, String window, long n) {
        Slot slot = slots.compute(
                client,
                (k, s) -> s == null || !s.window().equals(window)
                        ? new Slot(window, n)
                        : new Slot(window, s.count() + n));
        return slot.count();
    }
}
