package dev.modelrouter.pipeline;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.SseDecoder;
import dev.modelrouter.protocol.SseFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;

/**
 * Converts one upstream event stream into the client's, chunk by chunk as it arrives: bytes → SSE
 * frames → canonical events → client frames → bytes. All state (the frame decoder, the upstream
 * reader, the client writer) is created per subscription. A stream that fails after it started ends
 * with the client protocol's error event, never with a made-up clean stop.
 */
final class StreamTranslation {

    private static final Logger LOG = LoggerFactory.getLogger(StreamTranslation.class);

    private StreamTranslation() {}

    static Flux<DataBuffer> translate(
            Flux<DataBuffer> upstreamBody,
            Protocol upstream,
            Protocol client,
            ChatRequest upstreamRequest,
            ChatRequest clientRequest,
            DataBufferFactory buffers,
            String what) {
        return Flux.defer(() -> {
            SseDecoder decoder = new SseDecoder();
            Protocol.StreamReader reader = upstream.newStreamReader(upstreamRequest);
            Protocol.StreamWriter writer = client.newStreamWriter(clientRequest);
            return upstreamBody
                    .map(chunk -> {
                        byte[] bytes;
                        try {
                            bytes = new byte[chunk.readableByteCount()];
                            chunk.read(bytes);
                        } finally {
                            DataBufferUtils.release(chunk);
                        }
                        List<StreamEvent> events = new ArrayList<>();
                        for (SseFrame frame : decoder.feed(bytes)) {
                            events.addAll(reader.onFrame(frame));
                        }
                        return write(writer, events);
                    })
                    .concatWith(Flux.defer(() -> {
                        List<StreamEvent> events = new ArrayList<>();
                        for (SseFrame frame : decoder.finish()) {
                            events.addAll(reader.onFrame(frame));
                        }
                        events.addAll(reader.onEnd());
                        List<SseFrame> frames = new ArrayList<>(write(writer, events));
                        frames.addAll(writer.onComplete());
                        return Flux.just(frames);
                    }))
                    .onErrorResume(e -> {
                        RouterException error = e instanceof RouterException r
                                ? r
                                : new RouterException(ErrorKind.BAD_GATEWAY, 502,
                                        what + ": the stream broke off (" + e.getClass().getSimpleName() + ")", null, e);
                        LOG.warn("stream from {} ended with an error: {}", what, error.getMessage());
                        return Flux.just(writer.onError(error));
                    })
                    .filter(frames -> !frames.isEmpty())
                    .map(frames -> buffers.wrap(encode(frames)));
        });
    }

    /** All frames of one upstream chunk as one buffer, so that each chunk costs one write and one flush. */
    private static byte[] encode(List<SseFrame> frames) {
        if (frames.size() == 1) {
            return frames.get(0).bytes();
        }
        StringBuilder sb = new StringBuilder(frames.size() * 128);
        for (SseFrame f : frames) {
            sb.append(f.encode());
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<SseFrame> write(Protocol.StreamWriter writer, List<StreamEvent> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        List<SseFrame> frames = new ArrayList<>(events.size() + 1);
        for (StreamEvent e : events) {
            frames.addAll(writer.onEvent(e));
        }
        return frames;
    }
}
