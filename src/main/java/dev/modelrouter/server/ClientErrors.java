package dev.modelrouter.server;

import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.protocol.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
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

    private final JsonMapper json;

    ClientErrors(JsonMapper json) {
        this.json = json;
    }

    Mono<ServerResponse> respond(Protocol protocol, Throwable failure) {
        RouterException error = toRouterException(failure);
        int status = error.status();
        if (status == 529 && !protocol.name().equals("anthropic")) {
            status = 503;
        }
        ServerResponse.BodyBuilder builder = ServerResponse.status(HttpStatusCode.valueOf(status))
                .contentType(MediaType.APPLICATION_JSON);
        if (error.retryAfter() != null) {
            builder.header("retry-after", error.retryAfter());
        }
        return builder.bodyValue(json.writeValueAsBytes(protocol.writeError(error)));
    }

    static RouterException toRouterException(Throwable failure) {
        if (failure instanceof RouterException r) {
            return r;
        }
        if (failure instanceof DataBufferLimitException) {
            return new RouterException(ErrorKind.REQUEST_TOO_LARGE, failure.getMessage() == null
                    ? "request body too large" : "request body too large: " + failure.getMessage());
        }
        LOG.error("unexpected failure", failure);
        return new RouterException(ErrorKind.API, "internal router error; the router's log has the details");
    }
}
