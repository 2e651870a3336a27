package dev.modelrouter.pipeline;

import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.Usage;
import dev.modelrouter.observe.Outcome;
import dev.modelrouter.observe.RequestTrace;
import java.util.function.Consumer;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An exchange seen through its {@link RequestTrace}, from the answer's head to its last byte. The
 * usage is not read here: the strategy that made the body reads it on its one pass over the answer
 * ({@link Forward}'s tap, {@link Translate}'s canonical events) and tells the trace.
 */
final class Observed {

    private Observed() {}

    /**
     * The exchange with its trace: time to first byte of a JSON answer (a stream's first content is
     * marked by the strategy: a keep-alive or a message start is not one), and one finish (ok, error
     * or cancelled) that records meters and the request log; {@code onUsage} gets the usage the trace
     * was told.
     */
    static Mono<ProxyResponse> exchange(RequestTrace trace, Consumer<Usage> onUsage, Mono<ProxyResponse> exchange) {
        return exchange.map(r -> {
                    boolean sse = r.headers().getOrDefault("content-type", "").startsWith("text/event-stream");
                    Flux<DataBuffer> body = sse ? r.body() : r.body().doOnNext(buffer -> trace.firstByte());
                    Flux<DataBuffer> finished = body.doOnCancel(() -> trace.finish(Outcome.CANCELLED, r.status()))
                            .doOnTerminate(() -> {
                                onUsage.accept(trace.usage());
                                trace.finish(Outcome.ofStatus(r.status()), r.status());
                            });
                    return new ProxyResponse(r.status(), r.headers(), finished);
                })
                .doOnError(e -> {
                    int status = e instanceof RouterException re ? re.status() : 500;
                    trace.finish(Outcome.ofStatus(status), status);
                });
    }
}
