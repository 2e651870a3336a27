package dev.modelrouter.upstream;

import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One HTTP request to a provider.
 *
 * @param uri the full endpoint
 * @param headers request headers, auth included
 * @param content the JSON body, possibly in pieces of the client's body
 * @param target how to name the target in errors, e.g. {@code provider deepseek (https://api.deepseek.com/...)}; built
 *     only when an error names it, not for every request
 */
public record UpstreamCall(URI uri, Map<String, String> headers, RequestBody content, Supplier<String> target) {

    /** A call whose body is one array. */
    public UpstreamCall(URI uri, Map<String, String> headers, byte[] body, Supplier<String> target) {
        this(uri, headers, RequestBody.of(body), target);
    }

    /** A call whose target's name is already built. */
    public UpstreamCall(URI uri, Map<String, String> headers, byte[] body, String describe) {
        this(uri, headers, RequestBody.of(body), () -> describe);
    }

    /** The body as one array, copied together only if it is in pieces (for those who rewrite it). */
    public byte[] body() {
        return content.bytes();
    }

    /** How to name the target in errors. */
    public String describe() {
        return target.get();
    }
}
