package dev.modelrouter.server;

import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.WireProtocol;
import dev.modelrouter.protocol.Protocol;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns any failure into an error in the client's own protocol, with the right status and a message
 * a person can act on; never a stack trace. Unexpected failures are logged with their trace and
 * reported as a generic 500.
 */
final class ClientErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ClientErrors.class);

    /** How the log names a client that went away before its request was read. */
    static final String CLIENT_GONE = "client went away";

    /**
     * An error ready for the wire, for callers without a {@link ServerResponse}.
     *
     * @param status the HTTP status
     * @param headers the response headers, the body's length aside
     * @param body the error in the client's protocol
     */
    record Answer(int status, Map<String, String> headers, byte[] body) {}

    private final JsonMapper json;

    ClientErrors(JsonMapper json) {
        this.json = json;
    }

    Answer render(Protocol protocol, Throwable failure) {
        RouterException error = toRouterException(failure);
        int status = error.status();
        if (status == 529 && protocol.wire() != WireProtocol.ANTHROPIC) {
            status = 503;
        }
        Map<String, String> headers = new LinkedHashMap<>(4);
        headers.put(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE);
        if (error.retryAfter() != null) {
            headers.put("retry-after", error.retryAfter());
        }
        if (error.kind() == ErrorKind.REQUEST_TOO_LARGE) {
            // the rest of the body is not wanted: the connection closes after the answer, through
            // LingeringClose, which reads what is still coming for a bounded time, so the client
            // reads the 413 rather than a reset, and no body streams in without end
            headers.put(HttpHeaders.CONNECTION, "close");
        }
        return new Answer(status, headers, json.writeValueAsBytes(protocol.writeError(error)));
    }

    Mono<ServerResponse> respond(Protocol protocol, Throwable failure) {
        Answer answer = render(protocol, failure);
        ServerResponse.BodyBuilder builder = ServerResponse.status(HttpStatusCode.valueOf(answer.status()));
        answer.headers().forEach(builder::header);
        return builder.bodyValue(answer.body());
    }

    /** For web filters, which answer on the exchange's response before any handler runs. */
    Mono<Void> write(ServerHttpResponse response, Protocol protocol, Throwable failure) {
        Answer answer = render(protocol, failure);
        response.setStatusCode(HttpStatusCode.valueOf(answer.status()));
        answer.headers().forEach(response.getHeaders()::set);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(answer.body())));
    }

    static RouterException toRouterException(Throwable failure) {
        if (failure instanceof RouterException r) {
            return r;
        }
        if (failure instanceof DataBufferLimitException) {
            return new RouterException(
                    ErrorKind.REQUEST_TOO_LARGE,
                    failure.getMessage() == null
                            ? "request body too large"
                            : "request body too large: " + failure.getMessage());
        }
        if (ClientGone.is(failure)) {
            // the answer goes nowhere; the request log and metrics have the request already
            LOG.debug(CLIENT_GONE + " before its request was read: {}", failure.toString());
            return new RouterException(ErrorKind.INVALID_REQUEST, CLIENT_GONE);
        }
        LOG.error("unexpected failure", failure);
        return new RouterException(ErrorKind.API, "internal router error; the router's log has the details");
    }
}
