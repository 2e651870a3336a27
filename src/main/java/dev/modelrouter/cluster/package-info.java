/**
 * Cluster mode: several router instances behind one load balancer acting as one, their circuit
 * breakers, key-pool rests, usage and config shared through Redis ({@code "cluster": {"redis": ...}}
 * or {@code $ROUTER_REDIS_URL}). Redis is never on a request's critical path: every read and write
 * has a short timeout and a breaker of its own, and an instance that cannot reach Redis serves on its
 * local state and says so. Without the setting none of this is built.
 */
@NullMarked
package dev.modelrouter.cluster;

import org.jspecify.annotations.NullMarked;
