package dev.modelrouter.model;

import org.jspecify.annotations.Nullable;

/**
 * A prompt-cache breakpoint placed on a block or a tool (Anthropic's {@code cache_control}).
 *
 * @param ttl the requested lifetime such as {@code "5m"} or {@code "1h"}, or {@code null} for the
 *     provider's default
 */
public record CacheControl(@Nullable String ttl) {

    /** A breakpoint with the provider's default lifetime. */
    public static final CacheControl EPHEMERAL = new CacheControl(null);
}
