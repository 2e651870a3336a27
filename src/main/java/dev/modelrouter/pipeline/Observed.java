package dev.modelrouter.pipeline;

import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.Usage;
import dev.modelrouter.observe.Outcome;
import dev.modelrouter.observe.RequestTrace;
import dev.modelrouter.observe.UsageTap;
import java.util.function.Consumer;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** An exchange seen through its {@link RequestTrace}, from the answer's head to its last byte. */
final class Observed {

    private Observed() {}

    /**
     * The exchange with its trace: time to first byte (a stream's first content, which the pipeline marks), the usage read from an Anthropic-format answer
     * on its way out, and one finish (ok, error or cancelled) that records meters and the request log;
     * {@code onUsage} also gets the usage.
     */
    static Mono<ProxyResponse> exchange(
            RequestTrace trace, boolean anthropicBody, Consumer<Usage> onUsage, Mono<ProxyResponse> exchange) {
        return exchange.map(r -> {
                    String type = r.headers().getOrDefault("content-type", "");
                    boolean tapped = anthropicBody && r.status() < 300;
                    // the tap reads one subscription of the body, so it is made per subscription
                    Flux<DataBuffer> body = Flux.defer(() -> {
                        UsageTap tap = !tapped
                                ? null
                                : type.startsWith("text/event-stream")
                                        ? UsageTap.anthropicSse()
                                        : UsageTap.anthropicJson();
                        boolean sse = type.startsWith("text/event-stream");
                        return r.body()
                                .doOnNext(buffer -> {
                                    if (!sse) {
                                        // a stream's first content is marked by the pipeline: a keep-alive or a message
                                        // start is not one
                                        trace.firstByte();
                                    }
                                    if (tap != null) {
                                        try (DataBuffer.ByteBufferIterator it = buffer.readableByteBuffers()) {
                                            while (it.hasNext()) {
                                                tap.feed(it.next());
                                            }
                                        }
                                    }
                                })
                                .doOnCancel(() -> trace.finish(Outcome.CANCELLED, r.status()))
                                .doOnTerminate(() -> {
                                    if (tap != null && tap.seen()) {
                                        trace.usage(tap.usage());
                                        onUsage.accept(tap.usage());
                                    }
                                    trace.finish(Outcome.ofStatus(r.status()), r.status());
                                });
                    });
                    return new ProxyResponse(r.status(), r.headers(), body);
                })
                .doOnError(e -> {
                    int status = e instanceof RouterException re ? re.status() : 500;
                    trace.finish(Outcome.ofStatus(status), status);
                });
    }
}
