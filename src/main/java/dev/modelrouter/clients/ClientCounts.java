package dev.modelrouter.clients;

import reactor.core.publisher.Mono;

/**
 * Where the requests and tokens of each client key are counted, per minute window and per UTC day:
 * this instance's memory, or Redis for the whole cluster. Answers never fail; a count that cannot be
 * had from the shared store comes from the local one.
 */
public interface ClientCounts {

    /** Counts one request of {@code client} in {@code minute} (epoch minutes); the minute's count with it. */
    Mono<Long> request(String client, long minute);

    /** The tokens {@code client} used in {@code minute}. */
    Mono<Long> minuteTokens(String client, long minute);

    /** The tokens {@code client} used on {@code day} ({@code yyyy-mm-dd}, UTC). */
    Mono<Long> dayTokens(String client, String day);

    /** Adds {@code tokens} that {@code client} used, to {@code minute} and to {@code day}. */
    void tokens(String client, long minute, String day, long tokens);
}
