package dev.modelrouter.pipeline;

import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.observe.RequestTrace;
import reactor.core.publisher.Flux;

/**
 * What the request log needs from a streamed answer, read from its canonical events whatever the
 * client's protocol: when its first content (not a keep-alive or a bare message start) left, the
 * final usage, and whether it ended with an error event after a 2xx head.
 */
final class AnswerTrace {

    private AnswerTrace() {}

    /** {@code events} as the client gets them, reported to {@code trace}. */
    static Flux<StreamEvent> traced(Flux<StreamEvent> events, RequestTrace trace) {
        return events.doOnNext(e -> observe(e, trace))
                .doOnError(e -> trace.failedInBand(Attempts.ClientFacing.of(e).status()));
    }

    /**
     * Tells {@code trace} what {@code e} means for the log: its first content, or the usage so far (a
     * message start's counts, then the stop's final ones, so a stream cut between them still counts
     * its prompt).
     */
    static void observe(StreamEvent e, RequestTrace trace) {
        if (content(e)) {
            trace.firstByte();
        } else if (e instanceof StreamEvent.Start start) {
            trace.usage(start.usage());
        } else if (e instanceof StreamEvent.Stop stop) {
            trace.usage(stop.usage());
        }
    }

    /** Whether {@code e} carries part of the answer itself. */
    static boolean content(StreamEvent e) {
        return e instanceof StreamEvent.BlockStart || e instanceof StreamEvent.BlockDelta;
    }
}
