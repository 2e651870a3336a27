/**
 * The OpenAI Chat Completions wire protocol, as a client's language and as an upstream's: requests,
 * responses, chunk streams and errors mapped to and from the canonical model.
 */
@NullMarked
package dev.modelrouter.protocol.openai;

import org.jspecify.annotations.NullMarked;
