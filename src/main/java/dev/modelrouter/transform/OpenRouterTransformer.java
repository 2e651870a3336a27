package dev.modelrouter.transform;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code openrouter} {@code {any}}: merges its options into the body (e.g. {@code {"provider": {"order":
 * [...]}}} for OpenRouter's provider routing); keeps Claude models' cache breakpoints
 * ({@link CacheBreakpoints}); and gives tool calls a unique id where an upstream behind OpenRouter numbers
 * them {@code 0, 1, ...}, which would repeat turn after turn. Reasoning arrives as {@code reasoning} (and, in
 * streams, {@code reasoning_details}), which the OpenAI codec reads. {@link VercelTransformer} is this with
 * defaults for models that are not Claude.
 */
final class OpenRouterTransformer implements Transformer {

    /** The request extension that carries breakpoints from the request hook to the body hook. */
    static final String BREAKPOINTS = "x-router-cache-breakpoints";

    private static final String OPENAI_PREFIX = "openai.";
    private static final Pattern WEAK_ID = Pattern.compile("\\d*");

    private final JsonNode options;
    private final JsonNode otherModelDefaults;

    /**
     * @param options merged into every body, last
     * @param otherModelDefaults merged into the body, before the options, when the model is not Claude
     */
    OpenRouterTransformer(JsonNode options, JsonNode otherModelDefaults) {
        this.options = options.deepCopy();
        this.otherModelDefaults = otherModelDefaults.deepCopy();
    }

    static TransformerFactory factory() {
        return new BuiltinFactory("openrouter", options -> {
            // https://openrouter.ai/docs/features/provider-routing
            Options.anyKeys("openrouter", options)
                    .object("provider")
                    .strings("provider.order")
                    .strings("provider.only")
                    .strings("provider.ignore");
            return new OpenRouterTransformer(options, Json.object());
        });
    }

    static boolean isClaude(String model) {
        return model.toLowerCase(Locale.ROOT).contains("claude");
    }

    @Override
    public ChatRequest transformRequest(ChatRequest request, Route route) {
        if (!isClaude(route.model())) {
            return request;
        }
        ArrayNode points = CacheBreakpoints.collect(request);
        // the OpenAI encoder writes "openai."-prefixed extensions into the body, where transformBody takes it out
        return points.isEmpty()
                ? request
                : request.toBuilder()
                        .extension(OPENAI_PREFIX + BREAKPOINTS, points)
                        .build();
    }

    @Override
    public ObjectNode transformBody(ObjectNode body, Route route) {
        JsonNode points = body.remove(BREAKPOINTS);
        body.remove(OPENAI_PREFIX + BREAKPOINTS);
        if (points != null && points.isArray()) {
            CacheBreakpoints.apply(body, points);
        }
        if (!isClaude(route.model())) {
            Json.deepMerge(body, otherModelDefaults);
        }
        Json.deepMerge(body, options);
        return body;
    }

    @Override
    public Flux<StreamEvent> transformResponse(Flux<StreamEvent> events, Route route) {
        return events.map(OpenRouterTransformer::uniqueToolId);
    }

    private static StreamEvent uniqueToolId(StreamEvent event) {
        if (event instanceof StreamEvent.BlockStart start
                && start.block() instanceof Content.ToolUse use
                && WEAK_ID.matcher(use.id()).matches()) {
            String id = "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
            return new StreamEvent.BlockStart(
                    start.index(), new Content.ToolUse(id, use.name(), use.input(), use.cache()));
        }
        return event;
    }
}
