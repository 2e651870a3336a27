package dev.modelrouter.transform;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.Thinking;
import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;

/**
 * {@code reasoning} {@code {enable?, budget?}}: turns thinking on with {@code budget} tokens (8192 by
 * default) unless the client turned it off or already chose a budget; {@code enable: false} turns it off.
 * The budget stays below the answer's token limit, which Anthropic requires.
 */
final class ReasoningTransformer implements Transformer {

    static final int DEFAULT_BUDGET = 8192;
    /** Anthropic's smallest budget. */
    private static final int MIN_BUDGET = 1024;

    private final boolean enable;
    private final int budget;

    ReasoningTransformer(boolean enable, int budget) {
        this.enable = enable;
        this.budget = budget;
    }

    static TransformerFactory factory() {
        return new BuiltinFactory("reasoning", json -> {
            Options options = Options.of("reasoning", json, "enable", "budget");
            Integer budget = options.positiveInt("budget");
            return new ReasoningTransformer(options.bool("enable", true), budget == null ? DEFAULT_BUDGET : budget);
        });
    }

    @Override
    public ChatRequest transformRequest(ChatRequest request, Route route) {
        Thinking thinking = request.thinking();
        if (!enable) {
            return thinking instanceof Thinking.Disabled
                    ? request
                    : request.toBuilder().thinking(new Thinking.Disabled()).build();
        }
        if (thinking instanceof Thinking.Disabled || thinking instanceof Thinking.Enabled) {
            return request;
        }
        int tokens = budget;
        Integer max = request.sampling().maxTokens();
        if (max != null && tokens >= max) {
            if (max - 1 < MIN_BUDGET) {
                return request; // no room to think
            }
            tokens = max - 1;
        }
        return request.toBuilder().thinking(new Thinking.Enabled(tokens)).build();
    }
}
