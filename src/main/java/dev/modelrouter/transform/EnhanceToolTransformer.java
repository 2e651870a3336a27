package dev.modelrouter.transform;

import dev.modelrouter.model.Content;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;

/**
 * {@code enhancetool}: holds back each tool call's argument fragments and sends them as one repaired
 * JSON object when the call's block closes ({@link LenientJson}), so a model's sloppy JSON does not
 * fail the client's tool call. Text and thinking keep streaming as they come; only tool calls lose
 * their incremental arguments, as in claude-code-router.
 */
final class EnhanceToolTransformer implements Transformer {

    static TransformerFactory factory() {
        return BuiltinFactory.withoutOptions("enhancetool", new EnhanceToolTransformer());
    }

    @Override
    public Flux<StreamEvent> transformResponse(Flux<StreamEvent> events, Route route) {
        return Flux.defer(() -> {
            Buffers buffers = new Buffers();
            return events.concatMapIterable(buffers::onEvent);
        });
    }

    /** One answer's open tool calls and their fragments so far. */
    static final class Buffers {
        private final Map<Integer, StringBuilder> open = new HashMap<>();

        List<StreamEvent> onEvent(StreamEvent event) {
            if (event instanceof StreamEvent.BlockStart start && start.block() instanceof Content.ToolUse) {
                open.put(start.index(), new StringBuilder());
            } else if (event instanceof StreamEvent.BlockDelta delta
                    && delta.delta() instanceof StreamEvent.Delta.ToolInput input
                    && open.containsKey(delta.index())) {
                open.get(delta.index()).append(input.unparsed() != null ? input.unparsed() : input.partialJson());
                return List.of();
            } else if (event instanceof StreamEvent.BlockStop stop && open.containsKey(stop.index())) {
                String fragments = open.remove(stop.index()).toString();
                if (fragments.isEmpty()) {
                    return List.of(stop); // the start's input stands
                }
                // Unrecoverable arguments become {} so the client rejects the call, not the whole answer.
                String repaired = LenientJson.repairObject(fragments).orElse("{}");
                return List.of(
                        new StreamEvent.BlockDelta(stop.index(), new StreamEvent.Delta.ToolInput(repaired)), stop);
            }
            return List.of(event);
        }
    }
}
