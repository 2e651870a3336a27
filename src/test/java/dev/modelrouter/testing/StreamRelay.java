package dev.modelrouter.testing;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.Scenario;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.StreamEvents;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.SseDecoder;
import dev.modelrouter.protocol.SseFrame;
import dev.modelrouter.spi.Transformer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One translated answer without a server: a provider's SSE text read by its protocol, folded through
 * response transformers, written in the client's protocol, as the exact SSE text the client would get;
 * or a provider's complete answer the same way, as the client's JSON body.
 */
public final class StreamRelay {

    private StreamRelay() {}

    /** {@code upstreamSse} from {@code upstream} to {@code client}, through {@code transformers} in order. */
    public static String relay(
            Protocol upstream, Protocol client, ChatRequest request, String upstreamSse, Transformer... transformers) {
        SseDecoder decoder = new SseDecoder();
        List<SseFrame> frames = new ArrayList<>(decoder.feed(upstreamSse.getBytes(StandardCharsets.UTF_8)));
        frames.addAll(decoder.finish());
        Protocol.StreamReader reader = upstream.newStreamReader(request);
        List<StreamEvent> events = new ArrayList<>();
        for (SseFrame frame : frames) {
            events.addAll(reader.onFrame(frame));
        }
        events.addAll(reader.onEnd());
        Flux<StreamEvent> flux = Flux.fromIterable(events);
        Route route = new Route("upstream", request.model(), Scenario.DEFAULT);
        for (Transformer transformer : transformers) {
            flux = transformer.transformResponse(flux, route);
        }
        Protocol.StreamWriter writer = client.newStreamWriter(request);
        StringBuilder sse = new StringBuilder();
        for (StreamEvent event : flux.collectList().block()) {
            writer.onEvent(event).forEach(frame -> sse.append(frame.encode()));
        }
        writer.onComplete().forEach(frame -> sse.append(frame.encode()));
        return sse.toString();
    }

    /**
     * A provider's complete answer {@code upstreamBody} from {@code upstream} to {@code client}, read as
     * events through {@code transformers} in order and folded back, as the pipeline does for a client
     * that did not ask for a stream: the client's JSON body.
     */
    public static ObjectNode whole(
            Protocol upstream,
            Protocol client,
            ChatRequest request,
            JsonNode upstreamBody,
            Transformer... transformers) {
        Flux<StreamEvent> flux = Flux.fromIterable(upstream.readResponseEvents(upstreamBody, request));
        Route route = new Route("upstream", request.model(), Scenario.DEFAULT);
        for (Transformer transformer : transformers) {
            flux = transformer.transformResponse(flux, route);
        }
        ChatResponse answer = StreamEvents.aggregate(flux).block();
        return client.writeResponse(answer, request);
    }
}
