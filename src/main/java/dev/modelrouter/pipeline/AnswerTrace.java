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
        return events.doOnNext(e -> {
                    if (content(e)) {
                        trace.firstByte();
                    } else if (e instanceof StreamEvent.Stop stop) {
                        trace.usage(stop.usage());
                    }
                })
                .doOnError(e -> trace.failedInBand(Attempts.ClientFacing.of(e).status()));
    }

    /** Whether {@code e} carries part of the answer itself. */
    static boolean content(StreamEvent e) {
        return e instanceof StreamEvent.BlockStart || e instanceof StreamEvent.BlockDelta;
    }
}
