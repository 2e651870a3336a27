package dev.modelrouter.spi;

import dev.modelrouter.model.ChatRequest;
import java.util.Optional;

/**
 * Chooses a request's target before the built-in scenarios do: the counterpart of
 * claude-code-router's {@code CUSTOM_ROUTER_PATH}. Registered through
 * {@code META-INF/services/dev.modelrouter.spi.RouteRule}.
 */
public interface RouteRule {

    /**
     * The target for a request, or empty to let the built-in scenarios decide.
     *
     * @param request the request as the client sent it, decoded
     * @param context facts the router computed
     * @return {@code "provider,model"}, or empty
     */
    Optional<String> route(ChatRequest request, RouteContext context);

    /**
     * The target for a request as a typed value, or empty to let the built-in scenarios decide. The
     * router asks this method; by default it reads {@link #route}'s {@code "provider,model"}, so a rule
     * may implement either (implement {@code route} to answer empty when overriding this one).
     *
     * @param request the request as the client sent it, decoded
     * @param context facts the router computed
     * @return the provider and model, or empty
     */
    @SuppressWarnings("ConstantConditions") // plugins may break the contract and return null
    default Optional<Target> target(ChatRequest request, RouteContext context) {
        Optional<String> named = route(request, context);
        return named == null ? Optional.empty() : named.flatMap(Target::parse);
    }

    /**
     * A provider and model, as config.json's {@code Providers} name them.
     *
     * @param provider the provider's name
     * @param model the model's name
     */
    record Target(String provider, String model) {

        /**
         * Reads {@code "provider,model"}; empty when there is no comma after a provider name.
         *
         * @param providerCommaModel the text form
         * @return the target, or empty
         */
        public static Optional<Target> parse(String providerCommaModel) {
            int comma = providerCommaModel.indexOf(',');
            if (comma <= 0) {
                return Optional.empty();
            }
            return Optional.of(new Target(
                    providerCommaModel.substring(0, comma).trim(),
                    providerCommaModel.substring(comma + 1).trim()));
        }

        /**
         * The text form.
         *
         * @return {@code "provider,model"}
         */
        public String text() {
            return provider + "," + model;
        }
    }

    /**
     * What the router knows about a request when rules run.
     *
     * @param tokenCount the prompt's token count (cl100k_base estimate)
     * @param sessionId Claude Code's session id ({@code x-claude-code-session-id}, else the one in
     *     {@code metadata.user_id}), or empty; always empty for OpenAI and Gemini clients
     * @param clientProtocol {@code anthropic} or {@code openai}
     */
    record RouteContext(int tokenCount, Optional<String> sessionId, String clientProtocol) {}
}
