package dev.modelrouter.plugin;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.spi.Transformer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import tools.jackson.databind.node.ObjectNode;

/**
 * A plugin's transformer that cannot fail: whatever a hook throws is reported once per plugin and the
 * hook's input passes on unchanged.
 *
 * <p>The answer stream is shared between the plugin and the fallback: when the plugin's operators fail
 * mid-stream, the events not yet consumed pass on untransformed (the one the plugin failed on is lost),
 * and the upstream is neither called again nor left running. Errors of the upstream itself pass
 * through as they are, even when the plugin wrapped them.
 */
public final class GuardedTransformer implements Transformer {

    private static final Disposable FINISHED = Disposables.disposed();

    private final Transformer delegate;
    private final PluginFaults faults;
    private final String what;

    /**
     * @param delegate the plugin's transformer
     * @param name the transformer's name, for the log
     * @param faults the plugin's failure record
     */
    public GuardedTransformer(Transformer delegate, String name, PluginFaults faults) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.faults = Objects.requireNonNull(faults, "faults");
        this.what = "transformer " + name;
    }

    @Override
    public ChatRequest transformRequest(ChatRequest request, Route route) {
        try {
            return Objects.requireNonNull(delegate.transformRequest(request, route), "returned null");
        } catch (Throwable t) {
            faults.report(what + ": transformRequest", t);
            return request;
        }
    }

    // The contract lets the plugin modify the body in place, so it works on a copy: a failure halfway
    // must not leave a half-rewritten body behind.
    @Override
    public ObjectNode transformBody(ObjectNode body, Route route) {
        try {
            return Objects.requireNonNull(delegate.transformBody(body.deepCopy(), route), "returned null");
        } catch (Throwable t) {
            faults.report(what + ": transformBody", t);
            return body;
        }
    }

    @Override
    public boolean rewrites() {
        try {
            return delegate.rewrites();
        } catch (Throwable t) {
            faults.report(what + ": rewrites", t);
            return true;
        }
    }

    @Override
    public Flux<StreamEvent> transformResponse(Flux<StreamEvent> events, Route route) {
        return Flux.defer(() -> guardedStream(events, route));
    }

    private Flux<StreamEvent> guardedStream(Flux<StreamEvent> events, Route route) {
        // A subscriber may cancel before the upstream is connected; the connection is then closed
        // as soon as it exists.
        AtomicReference<@Nullable Disposable> connection = new AtomicReference<>();
        Flux<StreamEvent> shared = events.onErrorMap(UpstreamFailure::new)
                .publish()
                .autoConnect(1, upstream -> {
                    if (!connection.compareAndSet(null, upstream)) {
                        upstream.dispose();
                    }
                });
        Flux<StreamEvent> transformed;
        try {
            transformed = Objects.requireNonNull(delegate.transformResponse(shared, route), "returned null");
        } catch (Throwable t) {
            faults.report(what + ": transformResponse", t);
            return events;
        }
        return transformed
                .onErrorResume(failure -> {
                    Throwable upstream = upstreamCause(failure);
                    if (upstream != null) {
                        return Flux.error(upstream);
                    }
                    faults.report(what + ": transformResponse stream", failure);
                    return shared;
                })
                .onErrorMap(UpstreamFailure.class, Throwable::getCause)
                .doFinally(signal -> {
                    Disposable upstream = connection.getAndSet(FINISHED);
                    if (upstream != null) {
                        upstream.dispose();
                    }
                });
    }

    private static @Nullable Throwable upstreamCause(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof UpstreamFailure) {
                return t.getCause();
            }
        }
        return null;
    }

    /** The plugin's own transformer. */
    public Transformer delegate() {
        return delegate;
    }

    @Override
    public String toString() {
        return what + " (" + faults.jar() + ")";
    }

    /** Marks an error of the upstream on its way through the plugin's operators. */
    private static final class UpstreamFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UpstreamFailure(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
