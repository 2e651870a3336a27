/**
 * The Google Gemini {@code generateContent} wire protocol, as a client's language and as an upstream's:
 * requests, responses, server-sent event streams and errors mapped to and from the canonical model.
 */
@NullMarked
package dev.modelrouter.protocol.gemini;

import org.jspecify.annotations.NullMarked;
