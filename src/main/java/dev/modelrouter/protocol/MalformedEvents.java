package dev.modelrouter.protocol;

import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StreamEvent;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream reader that survives one unparseable event: a provider that garbles a single frame of an
 * otherwise healthy answer (a proxy that splits a line, a stray debug print) should not cost the user
 * the answer. The event is skipped, counted and logged once per stream. Several in a row mean the stream
 * itself is broken, and a garbled final event leaves the answer incomplete, which the wrapped reader's
 * end check already reports; both are breaks, so failover can continue the answer elsewhere.
 */
public final class MalformedEvents implements Protocol.StreamReader {

    /** How many unparseable events in a row end the stream as broken. */
    public static final int MAX_IN_A_ROW = 3;

    private static final Logger LOG = LoggerFactory.getLogger(MalformedEvents.class);
    private static final String CODE = "malformed_event";

    private final Protocol.StreamReader reader;
    private final Runnable onSkip;
    private int inARow;
    private boolean logged;

    private MalformedEvents(Protocol.StreamReader reader, Runnable onSkip) {
        this.reader = reader;
        this.onSkip = onSkip;
    }

    /** {@code reader}, skipping lone unparseable events and calling {@code onSkip} for each one skipped. */
    public static Protocol.StreamReader tolerant(Protocol.StreamReader reader, Runnable onSkip) {
        return new MalformedEvents(reader, onSkip);
    }

    /** The failure a reader reports for an event that is not the JSON its protocol sends. */
    public static RouterException malformed(String message, @Nullable Throwable cause) {
        return new RouterException(ErrorKind.BAD_GATEWAY, ErrorKind.BAD_GATEWAY.status(), message, null, cause, CODE);
    }

    @Override
    public List<StreamEvent> onFrame(SseFrame frame) {
        List<StreamEvent> events;
        try {
            events = reader.onFrame(frame);
        } catch (RouterException e) {
            if (!CODE.equals(e.code())) {
                throw e;
            }
            inARow++;
            if (inARow >= MAX_IN_A_ROW) {
                throw e.withMessage(e.getMessage() + " (" + inARow + " malformed events in a row)");
            }
            if (!logged) {
                logged = true;
                LOG.warn(
                        "skipped a malformed stream event ({}); later ones in this stream are only counted",
                        e.getMessage());
            }
            onSkip.run();
            return List.of();
        }
        inARow = 0;
        return events;
    }

    @Override
    public List<StreamEvent> onEnd() {
        try {
            return reader.onEnd();
        } catch (RouterException e) {
            throw inARow == 0 ? e : e.withMessage(e.getMessage() + " (its last event was malformed)");
        }
    }
}
