package dev.modelrouter.pipeline;

import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;

/**
 * What to send the client: status, headers and a body that streams.
 *
 * @param status the HTTP status
 * @param headers headers, lower-case names
 * @param body the body
 */
public record ProxyResponse(int status, Map<String, String> headers, Flux<DataBuffer> body) {}
