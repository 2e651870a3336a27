package dev.modelrouter.pipeline;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StreamEvent;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Asks a fallback target to continue a broken stream; built by {@link Translate} for the serving target. */
interface Continuer {

    /**
     * A fallback's answer continuing the one {@code splice} saw, fitted into the client's stream, once
     * a fallback's headers are in.
     *
     * @param splice what reached the client of the broken stream
     * @param original the request the client asked
     */
    Mono<Flux<StreamEvent>> continueWith(Splice splice, ChatRequest original);

    /**
     * The rest of a stream that broke after {@code splice} saw its events: the fallback's continuation;
     * the end of the turn when whole tool calls already reached the client (a fallback cannot go on
     * from a tool call without its result, and the client can run the calls it has); or the failure
     * when there is no {@code continuer} or the answer so far cannot be continued.
     */
    static Flux<StreamEvent> resume(
            Splice splice, Throwable broke, @Nullable Continuer continuer, Supplier<ChatRequest> request, String what) {
        RouterException cause = Attempts.ClientFacing.of(broke);
        if (continuer == null) {
            return Flux.error(cause);
        }
        String reason = splice.cannotContinue();
        if (reason != null) {
            return Flux.error(
                    new RouterException(cause.kind(), cause.status(), cause.getMessage() + "; " + reason, null, cause));
        }
        if (splice.endsAtToolCalls()) {
            Log.LOG.warn(
                    "{} broke off mid-stream ({}) after whole tool calls reached the client; the turn ends at them",
                    what,
                    cause.getMessage());
            return splice.endAtToolCalls();
        }
        Log.LOG.warn("{} broke off mid-stream ({}); continuing from a fallback", what, cause.getMessage());
        return continuer
                .continueWith(splice, request.get())
                .flatMapMany(events -> events)
                .onErrorMap(e -> new RouterException(
                        cause.kind(),
                        cause.status(),
                        cause.getMessage() + "; the fallback could not continue it either: "
                                + Attempts.ClientFacing.of(e).getMessage(),
                        null,
                        e));
    }

    /** The logger, out of the interface's public face. */
    final class Log {
        private static final Logger LOG = LoggerFactory.getLogger(Continuer.class);

        private Log() {}
    }
}
