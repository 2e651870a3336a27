package dev.modelrouter.upstream;

import java.net.URI;
import java.util.Map;

/**
 * One HTTP request to a provider.
 *
 * @param uri the full endpoint
 * @param headers request headers, auth included
 * @param body the JSON body
 * @param describe how to name the target in errors, e.g. {@code provider deepseek (https://api.deepseek.com/...)}
 */
public record UpstreamCall(URI uri, Map<String, String> headers, byte[] body, String describe) {}
