package dev.modelrouter.pipeline;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.StreamEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Asks a fallback target to continue a broken stream; built by the pipeline for the serving target. */
interface Continuer {

    /**
     * The fallback's answer to {@code request} as canonical events.
     *
     * @param request the original request, with the partial answer appended as an assistant prefill
     *     when {@code prefill} is true
     * @param prefill whether the fallback must accept an assistant prefill
     */
    Mono<Flux<StreamEvent>> continueWith(ChatRequest request, boolean prefill);
}
