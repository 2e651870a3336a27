/**
 * The config file ({@code config.json}, claude-code-router 2.x compatible) as an immutable, validated
 * snapshot: lenient JSON parsing, {@code $VAR} interpolation, validation with precise messages, the
 * home folder layout and the live snapshot holder.
 */
@NullMarked
package dev.modelrouter.config;

import org.jspecify.annotations.NullMarked;
