package dev.modelrouter.protocol.anthropic;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.WireProtocol;
import dev.modelrouter.protocol.Protocol;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Anthropic Messages protocol ({@code POST /v1/messages}): what Claude Code speaks, and the
 * language of Anthropic and Anthropic-compatible upstreams. Stateless; stream state lives in the
 * reader and writer it creates.
 */
public final class AnthropicProtocol implements Protocol {

    /** This protocol's name. */
    public static final String NAME = "anthropic";

    /** Whether the answers it writes name the model that served them rather than the one the client asked for. */
    private final boolean servedModel;

    /** The protocol as Claude Code needs it: answers name the model the client asked for. */
    public AnthropicProtocol() {
        this(false);
    }

    private AnthropicProtocol(boolean servedModel) {
        this.servedModel = servedModel;
    }

    /**
     * This protocol writing answers that name the model that served them, as its provider reported it
     * (config.json's {@code ANTHROPIC_SERVED_MODEL}); the client's own name stands where the provider
     * reported none.
     */
    public AnthropicProtocol namingServedModel() {
        return servedModel ? this : new AnthropicProtocol(true);
    }

    @Override
    public WireProtocol wire() {
        return WireProtocol.ANTHROPIC;
    }

    /** Decodes a {@code /v1/messages} body; {@code model}, {@code messages} and {@code max_tokens} are required. */
    @Override
    public ChatRequest readRequest(JsonNode body) {
        return AnthropicRequestMapper.read(body, true);
    }

    /** Decodes a {@code /v1/messages/count_tokens} body, which has no {@code max_tokens}. */
    public ChatRequest readCountTokensRequest(JsonNode body) {
        return AnthropicRequestMapper.read(body, false);
    }

    @Override
    public ObjectNode writeRequest(ChatRequest request) {
        return AnthropicRequestMapper.write(request);
    }

    @Override
    public ChatResponse readResponse(JsonNode body) {
        return AnthropicResponseMapper.read(body);
    }

    @Override
    public ObjectNode writeResponse(ChatResponse response, ChatRequest clientRequest) {
        return AnthropicResponseMapper.write(
                response, servedModel ? told(response.model(), clientRequest.model()) : clientRequest.model());
    }

    @Override
    public StreamReader newStreamReader(ChatRequest request) {
        return new AnthropicStreamReader();
    }

    @Override
    public StreamWriter newStreamWriter(ChatRequest clientRequest) {
        return new AnthropicStreamWriter(clientRequest.model(), servedModel);
    }

    /** The model a client is told served it: the one its provider named, else the one it asked for. */
    static String told(String served, String asked) {
        return served == null || served.isBlank() ? asked : served;
    }

    @Override
    public ObjectNode writeError(RouterException error) {
        return AnthropicErrors.write(error);
    }

    @Override
    public RouterException readError(int status, byte[] body, String what) {
        return AnthropicErrors.read(status, body, what);
    }
}
