package dev.modelrouter.config;

import dev.modelrouter.model.WireProtocol;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Which wire protocol and auth header a provider needs, for ccr configs that never say so: an explicit
 * {@code protocol} wins, then the provider's first transformer, then the shape of the URL.
 */
final class ProtocolDetection {

    private ProtocolDetection() {}

    static WireProtocol protocol(@Nullable WireProtocol explicit, JsonNode transformer, URI url) {
        if (explicit != null) {
            return explicit;
        }
        Optional<WireProtocol> byTransformer = firstTransformerName(transformer).flatMap(ProtocolDetection::byName);
        if (byTransformer.isPresent()) {
            return byTransformer.get();
        }
        String path = Optional.ofNullable(url.getPath()).orElse("").toLowerCase(Locale.ROOT);
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String host = Optional.ofNullable(url.getHost()).orElse("").toLowerCase(Locale.ROOT);
        if (path.endsWith("/v1/messages")) {
            return WireProtocol.ANTHROPIC;
        }
        if (path.endsWith("/responses")) {
            return WireProtocol.OPENAI_RESPONSES;
        }
        // Google also serves an OpenAI-compatible endpoint on the same host:
        // https://ai.google.dev/gemini-api/docs/openai
        if (host.contains("generativelanguage.googleapis.com") && !path.endsWith("/chat/completions")) {
            return WireProtocol.GEMINI;
        }
        return WireProtocol.OPENAI;
    }

    static AuthStyle auth(@Nullable AuthStyle explicit, WireProtocol protocol) {
        if (explicit != null) {
            return explicit;
        }
        if (protocol == WireProtocol.ANTHROPIC) {
            return AuthStyle.X_API_KEY;
        }
        if (protocol == WireProtocol.GEMINI) {
            return AuthStyle.GOOG_API_KEY;
        }
        return AuthStyle.BEARER;
    }

    /** The name of {@code transformer.use[0]}: a string, or the first element of a {@code [name, options]} pair. */
    static Optional<String> firstTransformerName(JsonNode transformer) {
        JsonNode use = transformer.path("use");
        if (!use.isArray() || use.isEmpty()) {
            return Optional.empty();
        }
        JsonNode first = use.get(0);
        if (first.isArray() && !first.isEmpty()) {
            first = first.get(0);
        }
        return first.isString() ? Optional.of(first.stringValue().trim()) : Optional.empty();
    }

    private static Optional<WireProtocol> byName(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "anthropic":
                return Optional.of(WireProtocol.ANTHROPIC);
            case "gemini":
                return Optional.of(WireProtocol.GEMINI);
            case "openai-responses":
                return Optional.of(WireProtocol.OPENAI_RESPONSES);
            default:
                return Optional.empty();
        }
    }
}
