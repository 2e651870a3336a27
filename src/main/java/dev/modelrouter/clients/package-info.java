/**
 * Client keys of a shared router ({@code ClientKeys}): who a request comes from, what it may use, and
 * how much of it it used this minute and this UTC day, counted in memory or, in cluster mode, in Redis.
 */
@NullMarked
package dev.modelrouter.clients;

import org.jspecify.annotations.NullMarked;
