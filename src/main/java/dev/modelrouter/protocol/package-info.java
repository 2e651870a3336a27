/**
 * Wire protocols: one sub-package per protocol maps its requests, responses, streams and errors to
 * and from the canonical model; this package holds what they share (server-sent events).
 */
@NullMarked
package dev.modelrouter.protocol;

import org.jspecify.annotations.NullMarked;
