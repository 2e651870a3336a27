package dev.modelrouter.protocol.openai;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.WireProtocol;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.ToolNames;
import java.time.Clock;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The OpenAI Chat Completions protocol ({@code POST /v1/chat/completions}), for clients and upstreams. */
public final class OpenAiProtocol implements Protocol {

    private final Clock clock;
    private final OpenAiVendor vendor;

    /** The protocol, stamping answers with the system clock. */
    public OpenAiProtocol() {
        this(Clock.systemUTC());
    }

    /** The protocol, stamping answers ({@code created}) with the given clock. */
    public OpenAiProtocol(Clock clock) {
        this(clock, OpenAiVendor.OTHER);
    }

    private OpenAiProtocol(Clock clock, OpenAiVendor vendor) {
        this.clock = clock;
        this.vendor = vendor;
    }

    /** This protocol writing requests for {@code vendor}'s spelling of web search and reasoning (see {@link OpenAiVendor#of}). */
    public OpenAiProtocol forVendor(OpenAiVendor vendor) {
        return vendor == this.vendor ? this : new OpenAiProtocol(clock, vendor);
    }

    @Override
    public WireProtocol wire() {
        return WireProtocol.OPENAI;
    }

    @Override
    public ChatRequest readRequest(JsonNode body) {
        return OpenAiRequestReader.read(body);
    }

    @Override
    public ObjectNode writeRequest(ChatRequest request) {
        return OpenAiRequestWriter.write(request, vendor);
    }

    /** An upstream's answer without tool-name mapping; prefer {@link #readResponse(JsonNode, ChatRequest)}. */
    @Override
    public ChatResponse readResponse(JsonNode body) {
        return OpenAiResponseMapper.read(body, ToolNames.none());
    }

    /**
     * An upstream's answer to {@code request} (the request as sent upstream), with tool names that were
     * shortened to fit OpenAI's 64 characters mapped back to the originals.
     */
    @Override
    public ChatResponse readResponse(JsonNode body, ChatRequest request) {
        return OpenAiResponseMapper.read(body, ToolNames.of(request));
    }

    /** The answer as events, tool arguments that are not a JSON object carried raw as a stream's are. */
    @Override
    public List<StreamEvent> readResponseEvents(JsonNode body, ChatRequest request) {
        return OpenAiResponseMapper.readEvents(body, ToolNames.of(request));
    }

    @Override
    public ObjectNode writeResponse(ChatResponse response, ChatRequest clientRequest) {
        return OpenAiResponseMapper.write(
                response, clientRequest, clock.instant().getEpochSecond());
    }

    @Override
    public StreamReader newStreamReader(ChatRequest request) {
        return new OpenAiStreamReader(request.model(), ToolNames.of(request));
    }

    @Override
    public StreamWriter newStreamWriter(ChatRequest clientRequest) {
        return new OpenAiStreamWriter(clientRequest, clock.instant().getEpochSecond());
    }

    @Override
    public ObjectNode writeError(RouterException error) {
        return OpenAiErrors.write(error);
    }

    @Override
    public RouterException readError(int status, byte[] body, String what) {
        return OpenAiErrors.read(status, body, what);
    }
}
