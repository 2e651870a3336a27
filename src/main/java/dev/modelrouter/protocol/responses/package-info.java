/**
 * The OpenAI Responses wire protocol ({@code POST /v1/responses}) as an upstream's language: canonical
 * requests written as Responses bodies, and Responses answers, event streams and errors read back.
 */
@NullMarked
package dev.modelrouter.protocol.responses;

import org.jspecify.annotations.NullMarked;
