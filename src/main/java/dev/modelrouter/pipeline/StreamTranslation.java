package dev.modelrouter.pipeline;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.protocol.MalformedEvents;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.SseDecoder;
import dev.modelrouter.protocol.SseFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.publisher.Flux;

/**
 * Converts event streams, chunk by chunk as they arrive: upstream bytes → SSE frames → canonical
 * events ({@link #decode}), and canonical events → client frames → bytes ({@link #encode}). All state
 * (frame decoder, reader, writer) is created per subscription. A stream that fails after it started
 * ends with the client protocol's error event, never with a made-up clean stop.
 */
final class StreamTranslation {

    private static final Logger LOG = LoggerFactory.getLogger(StreamTranslation.class);

    private StreamTranslation() {}

    /** The upstream's stream as canonical events; a cut or an in-stream error is an error signal. */
    static Flux<StreamEvent> decode(
            Flux<DataBuffer> upstreamBody, Protocol upstream, ChatRequest sent, Runnable onMalformedEvent) {
        return Flux.defer(() -> {
            SseDecoder decoder = new SseDecoder();
            Protocol.StreamReader reader = MalformedEvents.tolerant(upstream.newStreamReader(sent), onMalformedEvent);
            return upstreamBody
                    .concatMapIterable(chunk -> {
                        byte[] bytes = Bodies.bytes(chunk);
                        List<StreamEvent> events = new ArrayList<>();
                        for (SseFrame frame : decoder.feed(bytes)) {
                            events.addAll(reader.onFrame(frame));
                        }
                        return events;
                    })
                    .concatWith(Flux.defer(() -> {
                        List<StreamEvent> events = new ArrayList<>();
                        for (SseFrame frame : decoder.finish()) {
                            events.addAll(reader.onFrame(frame));
                        }
                        events.addAll(reader.onEnd());
                        return Flux.fromIterable(events);
                    }));
        });
    }

    /** Canonical events as the client's stream; a failure becomes the client protocol's error event. */
    static Flux<DataBuffer> encode(
            Flux<StreamEvent> events,
            Protocol client,
            ChatRequest asked,
            DataBufferFactory buffers,
            Supplier<String> what) {
        return Flux.defer(() -> {
            Protocol.StreamWriter writer = client.newStreamWriter(asked);
            return events.map(writer::onEvent)
                    .concatWith(Flux.defer(() -> Flux.just(writer.onComplete())))
                    .onErrorResume(e -> {
                        RouterException error = e instanceof RouterException r
                                ? r
                                : new RouterException(
                                        ErrorKind.BAD_GATEWAY,
                                        502,
                                        what.get() + ": the stream broke off ("
                                                + e.getClass().getSimpleName() + ")",
                                        null,
                                        e);
                        LOG.warn("stream from {} ended with an error: {}", what.get(), error.getMessage());
                        return Flux.just(writer.onError(error));
                    })
                    .filter(frames -> !frames.isEmpty())
                    .map(frames -> buffers.wrap(bytes(frames)));
        });
    }

    /** The frames of one event as one write. */
    private static byte[] bytes(List<SseFrame> frames) {
        if (frames.size() == 1) {
            return frames.get(0).bytes();
        }
        byte[][] each = new byte[frames.size()][];
        int size = 0;
        for (int i = 0; i < each.length; i++) {
            each[i] = frames.get(i).bytes();
            size += each[i].length;
        }
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] b : each) {
            System.arraycopy(b, 0, out, at, b.length);
            at += b.length;
        }
        return out;
    }
}
