package dev.modelrouter.transform;

import dev.modelrouter.model.Route;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;
import reactor.core.publisher.Flux;

/**
 * {@code extrathinktag}: models that write their reasoning into the answer text between
 * {@code <think>} and {@code </think>} (served without a reasoning parser) get it back as a thinking
 * block, as claude-code-router's transformer of that name does ({@link TaggedThinkingStream}).
 */
final class ExtraThinkTagTransformer implements Transformer {

    static final String OPEN = "<think>";
    static final String CLOSE = "</think>";

    static TransformerFactory factory() {
        return BuiltinFactory.withoutOptions("extrathinktag", new ExtraThinkTagTransformer());
    }

    @Override
    public Flux<StreamEvent> transformResponse(Flux<StreamEvent> events, Route route) {
        return TaggedThinkingStream.apply(events, OPEN, CLOSE);
    }
}
