package dev.modelrouter.protocol.gemini;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.WireProtocol;
import dev.modelrouter.protocol.Protocol;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Google Gemini protocol ({@code POST /v1beta/models/{model}:generateContent} and
 * {@code :streamGenerateContent?alt=sse}), for clients and upstreams. The model and the stream flag
 * travel in the URL: {@link #writeRequest} leaves both out of the body, and {@link #readRequest} leaves
 * the model empty unless the body names one.
 */
public final class GeminiProtocol implements Protocol {

    private final boolean legacySchemas;

    /** The protocol, sending tool schemas as {@code parametersJsonSchema} (real JSON Schema). */
    public GeminiProtocol() {
        this(false);
    }

    private GeminiProtocol(boolean legacySchemas) {
        this.legacySchemas = legacySchemas;
    }

    /**
     * The protocol sending tool schemas in the legacy OpenAPI-subset {@code parameters} form, scrubbed
     * of every keyword it rejects, for endpoints that do not take {@code parametersJsonSchema}.
     */
    public static GeminiProtocol withLegacySchemas() {
        return new GeminiProtocol(true);
    }

    @Override
    public WireProtocol wire() {
        return WireProtocol.GEMINI;
    }

    @Override
    public ChatRequest readRequest(JsonNode body) {
        return GeminiRequestReader.read(body);
    }

    @Override
    public ObjectNode writeRequest(ChatRequest request) {
        return GeminiRequestWriter.write(request, legacySchemas);
    }

    @Override
    public ChatResponse readResponse(JsonNode body) {
        return GeminiResponseMapper.read(body);
    }

    @Override
    public ObjectNode writeResponse(ChatResponse response, ChatRequest clientRequest) {
        return GeminiResponseMapper.write(response, clientRequest);
    }

    @Override
    public StreamReader newStreamReader(ChatRequest request) {
        return new GeminiStreamReader(request.model());
    }

    @Override
    public StreamWriter newStreamWriter(ChatRequest clientRequest) {
        return new GeminiStreamWriter(clientRequest);
    }

    @Override
    public ObjectNode writeError(RouterException error) {
        return GeminiErrors.write(error);
    }

    /** The HTTP status to send a Gemini client with {@link #writeError}'s body: 503 where Anthropic says 529. */
    public static int clientStatus(RouterException error) {
        return GeminiErrors.httpStatus(error);
    }

    @Override
    public RouterException readError(int status, byte[] body, String what) {
        return GeminiErrors.read(status, body, what);
    }
}
