package dev.modelrouter.transform;

import dev.modelrouter.spi.TransformerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code vercel} {@code {any}}: Vercel AI Gateway's Chat Completions endpoint behaves like OpenRouter's, so
 * this is {@link OpenRouterTransformer} under another name: options deep-merged into the body (provider
 * routing is {@code {"providerOptions": {"gateway": {"order": [...], "only": [...]}}}},
 * https://vercel.com/docs/ai-gateway/models-and-providers/provider-filtering-and-ordering), Claude models'
 * cache breakpoints kept, numbered tool-call ids made unique, and reasoning read by the OpenAI codec from
 * {@code reasoning}. Models that are not Claude also get {@code providerOptions.gateway.caching: "auto"},
 * as claude-code-router's vercel transformer sends, so the gateway adds the breakpoints providers such as
 * MiniMax need (https://vercel.com/docs/ai-gateway/models-and-providers/automatic-caching); the options
 * can override it.
 */
final class VercelTransformer {

    private VercelTransformer() {}

    static TransformerFactory factory() {
        ObjectNode otherModels = Json.object();
        otherModels.putObject("providerOptions").putObject("gateway").put("caching", "auto");
        return new BuiltinFactory("vercel", options -> {
            Options.anyKeys("vercel", options)
                    .object("providerOptions")
                    .object("providerOptions.gateway")
                    .strings("providerOptions.gateway.order")
                    .strings("providerOptions.gateway.only")
                    .strings("providerOptions.gateway.models");
            return new OpenRouterTransformer(options, otherModels);
        });
    }
}
