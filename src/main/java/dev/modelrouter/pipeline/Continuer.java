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
     * The fallback's answer to {@code request} as canonical events.
     *
     * @param request the original request, with the partial answer appended as an assistant prefill
     *     when {@code prefill} is true
     * @param prefill whether the fallback must accept an assistant prefill
     */
    Mono<Flux<StreamEvent>> continueWith(ChatRequest request, boolean prefill);

    /**
     * The rest of a stream that broke after {@code splice} saw its events: the fallback's continuation,
     * or the failure when there is none (no {@code continuer}) or the answer so far cannot be continued.
     */
    static Flux<StreamEvent> resume(
            Splice splice, Throwable broke, @Nullable Continuer continuer, Supplier<ChatRequest> request, String what) {
        RouterException cause = Attempts.ClientFacing.of(broke);
        if (continuer == null) {
            return Flux.error(cause);
        }
        String reason = splice.cannotContinue();
        if (reason != null) {
            return Flux.error(new RouterException(cause.kind(), cause.status(),
                    cause.getMessage() + "; " + reason, null, cause));
        }
        boolean prefill = splice.needsPrefill();
        Log.LOG.warn("{} broke off mid-stream ({}); continuing from a fallback", what, cause.getMessage());
        return continuer.continueWith(splice.continuation(request.get()), prefill)
                .flatMapMany(splice::adopt)
                .onErrorMap(e -> new RouterException(cause.kind(), cause.status(), cause.getMessage()
                        + "; the fallback could not continue it either: " + Attempts.ClientFacing.of(e).getMessage(),
                        null, e));
    }

    /** The logger, out of the interface's public face. */
    final class Log {
        private static final Logger LOG = LoggerFactory.getLogger(Continuer.class);

        private Log() {}
    }
}
