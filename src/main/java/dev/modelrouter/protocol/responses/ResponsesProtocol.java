package dev.modelrouter.protocol.responses;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.WireProtocol;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.ToolNames;
import dev.modelrouter.protocol.openai.OpenAiProtocol;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAI Responses protocol ({@code POST /v1/responses}), as an upstream only: the router writes
 * stateless requests ({@code store:false}) and reads answers and event streams. Clients cannot speak it
 * to the router. Errors use OpenAI's format, shared with {@link OpenAiProtocol}.
 */
public final class ResponsesProtocol implements Protocol {

    private final OpenAiProtocol errors = new OpenAiProtocol();

    @Override
    public WireProtocol wire() {
        return WireProtocol.OPENAI_RESPONSES;
    }

    @Override
    public ChatRequest readRequest(JsonNode body) {
        throw RouterException.invalid("the OpenAI Responses API is supported as an upstream only");
    }

    @Override
    public ObjectNode writeRequest(ChatRequest request) {
        return ResponsesRequestWriter.write(request);
    }

    /** An upstream's answer without tool-name mapping; prefer {@link #readResponse(JsonNode, ChatRequest)}. */
    @Override
    public ChatResponse readResponse(JsonNode body) {
        return ResponsesResponseReader.read(body, ToolNames.none());
    }

    /**
     * An upstream's answer to {@code request} (the request as sent upstream), with tool names that were
     * shortened to fit 64 characters mapped back to the originals.
     */
    @Override
    public ChatResponse readResponse(JsonNode body, ChatRequest request) {
        return ResponsesResponseReader.read(body, ToolNames.of(request));
    }

    @Override
    public ObjectNode writeResponse(ChatResponse response, ChatRequest clientRequest) {
        throw new IllegalStateException(
                "the OpenAI Responses protocol is an upstream protocol; it writes no client answers");
    }

    @Override
    public StreamReader newStreamReader(ChatRequest request) {
        return new ResponsesStreamReader(request.model(), ToolNames.of(request));
    }

    @Override
    public StreamWriter newStreamWriter(ChatRequest clientRequest) {
        throw new IllegalStateException(
                "the OpenAI Responses protocol is an upstream protocol; it writes no client streams");
    }

    @Override
    public ObjectNode writeError(RouterException error) {
        return errors.writeError(error);
    }

    @Override
    public RouterException readError(int status, byte[] body, String what) {
        return errors.readError(status, body, what);
    }
}
