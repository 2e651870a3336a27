package dev.modelrouter.pipeline;

import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.WireProtocol;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.anthropic.AnthropicProtocol;
import dev.modelrouter.protocol.gemini.GeminiProtocol;
import dev.modelrouter.protocol.openai.OpenAiProtocol;
import dev.modelrouter.protocol.openai.OpenAiVendor;
import dev.modelrouter.protocol.responses.ResponsesProtocol;
import org.jspecify.annotations.Nullable;

/**
 * The protocols the pipeline speaks, by wire name.
 *
 * @param anthropic Anthropic Messages
 * @param openai OpenAI Chat Completions
 * @param responses OpenAI Responses (as an upstream)
 * @param gemini Google Gemini generateContent
 */
public record Protocols(
        AnthropicProtocol anthropic, OpenAiProtocol openai, ResponsesProtocol responses, GeminiProtocol gemini) {

    /** The protocol a provider speaks; a clear error for one this build cannot speak yet. */
    Protocol of(ProviderConfig provider) {
        if (provider.protocol() == WireProtocol.OPENAI) {
            // OpenAI-compatible vendors spell some fields their own way (OpenRouter's web plugin)
            return openai.forVendor(OpenAiVendor.of(provider.apiBaseUrl()));
        }
        Protocol protocol = of(provider.protocol());
        if (protocol != null) {
            return protocol;
        }
        throw new RouterException(
                ErrorKind.INVALID_REQUEST,
                "provider '" + provider.name() + "' speaks "
                        + provider.protocol().key()
                        + ", which this version of the router cannot translate to yet; route this request to an"
                        + " Anthropic- or OpenAI-protocol provider");
    }

    /** The codec of {@code wire}, or {@code null} for one this build cannot speak. */
    @Nullable
    Protocol of(WireProtocol wire) {
        if (wire == WireProtocol.ANTHROPIC) {
            return anthropic;
        }
        if (wire == WireProtocol.OPENAI) {
            return openai;
        }
        if (wire == WireProtocol.OPENAI_RESPONSES) {
            return responses;
        }
        if (wire == WireProtocol.GEMINI) {
            return gemini;
        }
        return null;
    }
}
