package dev.modelrouter.pipeline;

import dev.modelrouter.model.Content;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.protocol.MalformedEvents;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.SseDecoder;
import dev.modelrouter.protocol.SseFrame;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The one tap on a stream relayed as bytes ({@link Forward}): reads each re-cut chunk's events with
 * the protocol's own reader and tells an observer ({@link Splice}, the trace) what reached the client. A chunk goes on as it
 * came unless it must not: a lone malformed event is dropped (counted, as {@link MalformedEvents}
 * does; several in a row break the stream), and a tool call is held back until its arguments are
 * complete ({@link ToolCallHold}), so a stream cut inside them can be continued cleanly. Only then
 * is the chunk re-encoded from its events' frames. One instance per stream.
 */
final class ForwardTap implements SseChunks.Tap {

    /** One event's frame as relayed, and the events it carries. */
    private record Piece(SseFrame frame, List<StreamEvent> events) {}

    private final SseDecoder decoder = new SseDecoder();
    private final Protocol.StreamReader reader;
    private final Consumer<StreamEvent> observer;
    private final UnaryOperator<RouterException> redact;
    private final Supplier<String> what;
    private final ToolCallHold<Piece> hold = new ToolCallHold<>();
    // reused for each chunk; loops below index rather than iterate, so a chunk relayed as it came allocates no
    // list or iterator of its own
    private final List<Piece> pieces = new ArrayList<>();
    private boolean skipped;

    /** {@code observer} gets each event that reaches the client. */
    ForwardTap(
            Protocol.StreamReader reader,
            Consumer<StreamEvent> observer,
            Runnable onMalformed,
            UnaryOperator<RouterException> redact,
            Supplier<String> what) {
        this.reader = MalformedEvents.tolerant(reader, () -> {
            skipped = true;
            onMalformed.run();
        });
        this.observer = observer;
        this.redact = redact;
        this.what = what;
    }

    @Override
    public byte[] apply(byte[] chunk, int length) {
        List<SseFrame> frames = decoder.feed(chunk, 0, length);
        pieces.clear();
        boolean asCame = !hold.holding();
        for (int i = 0; i < frames.size(); i++) {
            SseFrame frame = frames.get(i);
            skipped = false;
            List<StreamEvent> events = read(frame);
            if (skipped) {
                asCame = false;
                continue;
            }
            asCame = asCame && !startsToolCall(events);
            pieces.add(new Piece(frame, events));
        }
        if (asCame) {
            for (int i = 0; i < pieces.size(); i++) {
                List<StreamEvent> events = pieces.get(i).events();
                for (int j = 0; j < events.size(); j++) {
                    observer.accept(events.get(j));
                }
            }
            pieces.clear();
            return chunk;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        for (Piece piece : pieces) {
            for (Piece released : hold.offer(piece, piece.events())) {
                out.writeBytes(released.frame().bytes());
                released.events().forEach(observer);
            }
        }
        pieces.clear();
        return out.toByteArray();
    }

    private List<StreamEvent> read(SseFrame frame) {
        try {
            return reader.onFrame(frame);
        } catch (RouterException e) {
            throw redact.apply(e);
        } catch (RuntimeException e) {
            // an event the reader cannot take is a broken stream: it is not relayed, and the stream is continued or
            // ended
            throw new RouterException(ErrorKind.BAD_GATEWAY, 502, what.get() + " sent a malformed event", null, e);
        }
    }

    private static boolean startsToolCall(List<StreamEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof StreamEvent.BlockStart s
                    && (s.block() instanceof Content.ToolUse || s.block() instanceof Content.ServerToolUse)) {
                return true;
            }
        }
        return false;
    }
}
