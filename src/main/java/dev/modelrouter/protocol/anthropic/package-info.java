/**
 * The Anthropic Messages protocol: requests, responses, event streams and errors mapped to and from
 * the canonical model, both for Claude Code as a client and for Anthropic-shaped upstreams.
 */
@NullMarked
package dev.modelrouter.protocol.anthropic;

import org.jspecify.annotations.NullMarked;
