package dev.modelrouter.upstream;

import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One HTTP request to a provider.
 *
 * @param uri the full endpoint
 * @param headers request headers, auth included
 * @param body the JSON body
 * @param target how to name the target in errors, e.g. {@code provider deepseek (https://api.deepseek.com/...)}; built
 *     only when an error names it, not for every request
 */
public record UpstreamCall(URI uri, Map<String, String> headers, byte[] body, Supplier<String> target) {

    /** A call whose target's name is already built. */
    public UpstreamCall(URI uri, Map<String, String> headers, byte[] body, String describe) {
        this(uri, headers, body, () -> describe);
    }

    /** How to name the target in errors. */
    public String describe() {
        return target.get();
    }
}
