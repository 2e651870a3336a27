package dev.modelrouter.protocol;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.StreamEvents;
import dev.modelrouter.model.WireProtocol;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One wire protocol, both as the client's language and as an upstream's. Internal: it stays an
 * interface only because four protocols implement it. Stream state lives in the reader and writer
 * objects it creates, one per stream (per subscription), so a retried or resubscribed stream starts
 * clean; the Reactor plumbing around them is written once, in the pipeline.
 */
public interface Protocol {

    /** Which protocol this is. */
    WireProtocol wire();

    /** The protocol's name: {@code anthropic}, {@code openai}, {@code gemini}, {@code openai-responses}. */
    default String name() {
        return wire().key();
    }

    /** Decodes a client's request body; throws a 400 {@link RouterException} naming the bad field. */
    ChatRequest readRequest(JsonNode body);

    /** Encodes a request for an upstream of this protocol. */
    ObjectNode writeRequest(ChatRequest request);

    /** Decodes an upstream's complete (non-streamed) answer. */
    ChatResponse readResponse(JsonNode body);

    /**
     * Decodes an upstream's complete answer to {@code request} (the request as sent upstream), for
     * protocols that must undo something they did to it (such as shortened tool names).
     */
    default ChatResponse readResponse(JsonNode body, ChatRequest request) {
        return readResponse(body);
    }

    /**
     * An upstream's complete answer to {@code request} as the events a stream would have carried, for
     * the response transformers. A protocol whose strict reading loses what a transformer could still
     * repair (OpenAI's tool arguments that are not JSON, for {@code enhancetool}) carries it in the
     * events, as its stream reader does; aggregated without such a transformer they give
     * {@link #readResponse(JsonNode, ChatRequest)}.
     */
    default List<StreamEvent> readResponseEvents(JsonNode body, ChatRequest request) {
        return StreamEvents.list(readResponse(body, request));
    }

    /** Encodes a complete answer for a client that asked with {@code clientRequest}. */
    ObjectNode writeResponse(ChatResponse response, ChatRequest clientRequest);

    /** A reader for one upstream event stream. */
    StreamReader newStreamReader(ChatRequest request);

    /** A writer of one client event stream, for a client that asked with {@code clientRequest}. */
    StreamWriter newStreamWriter(ChatRequest clientRequest);

    /** The error body this protocol's clients expect. */
    ObjectNode writeError(RouterException error);

    /**
     * Turns an upstream's non-2xx answer into an error to report.
     *
     * @param status the upstream's HTTP status
     * @param body the upstream's body (any format; may be empty or not JSON)
     * @param what the target for the message, for example {@code "provider deepseek, model deepseek-chat"}
     */
    RouterException readError(int status, byte[] body, String what);

    /** Turns one upstream stream into canonical events, frame by frame. */
    interface StreamReader {
        /** The events one frame yields; throws {@link RouterException} for an in-stream error event. */
        List<StreamEvent> onFrame(SseFrame frame);

        /**
         * The events that close the stream when the upstream ended it cleanly; throws a
         * {@link RouterException} when the stream was cut before it was complete.
         */
        List<StreamEvent> onEnd();
    }

    /** Turns canonical events into one client stream, event by event. */
    interface StreamWriter {
        /** The frames one event yields. */
        List<SseFrame> onEvent(StreamEvent event);

        /** Frames that end a complete stream (for example OpenAI's usage chunk and {@code [DONE]}). */
        List<SseFrame> onComplete();

        /** The frames that end a stream that failed after it started. */
        List<SseFrame> onError(RouterException error);
    }
}
