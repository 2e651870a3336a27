package dev.modelrouter.pipeline;

import dev.modelrouter.model.WireProtocol;
import org.jspecify.annotations.Nullable;

/**
 * One inference request as the front door hands it in: the protocol its endpoint speaks, the body's
 * bytes, and the few headers and URL parts the exchange reads.
 *
 * @param protocol the client's protocol, told by the endpoint
 * @param body the request body as received
 * @param headers the headers the exchange reads
 * @param url for Gemini, the model and streaming named by the URL, else {@code null}
 * @param key the key the client presented ({@code x-api-key}, {@code Authorization: Bearer}), or
 *     {@code null}; with {@code ClientKeys} it tells who the client is
 */
public record Inbound(
        WireProtocol protocol,
        byte[] body,
        Headers headers,
        @Nullable UrlModel url,
        @Nullable String key) {

    /** A request that presented no key: the router's own, such as the admin side's try. */
    public Inbound(WireProtocol protocol, byte[] body, Headers headers, @Nullable UrlModel url) {
        this(protocol, body, headers, url, null);
    }

    /** This request, having presented {@code presented}. */
    public Inbound withKey(@Nullable String presented) {
        return new Inbound(protocol, body, headers, url, presented);
    }

    /**
     * The request headers the exchange reads.
     *
     * @param anthropicVersion {@code anthropic-version}, passed on to Anthropic-protocol providers
     * @param anthropicBeta {@code anthropic-beta}, likewise
     * @param session Claude Code's {@code x-claude-code-session-id}
     */
    public record Headers(
            @Nullable String anthropicVersion,
            @Nullable String anthropicBeta,
            @Nullable String session) {

        /** None of them: OpenAI and Gemini clients. */
        public static final Headers NONE = new Headers(null, null, null);
    }

    /**
     * A Gemini URL's {@code models/{model}:generateContent} or {@code :streamGenerateContent}.
     *
     * @param model the model
     * @param stream whether the client asked for the streaming method
     */
    public record UrlModel(String model, boolean stream) {}

    /** {@code POST /v1/messages}. */
    public static Inbound anthropic(byte[] body, Headers headers) {
        return new Inbound(WireProtocol.ANTHROPIC, body, headers, null);
    }

    /** {@code POST /v1/chat/completions}. */
    public static Inbound openAi(byte[] body) {
        return new Inbound(WireProtocol.OPENAI, body, Headers.NONE, null);
    }

    /** {@code POST /v1beta/models/{model}:generateContent} or {@code :streamGenerateContent}. */
    public static Inbound gemini(byte[] body, String model, boolean stream) {
        return new Inbound(WireProtocol.GEMINI, body, Headers.NONE, new UrlModel(model, stream));
    }
}
