package dev.modelrouter.plugin;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.spi.RouteRule;
import java.util.Objects;
import java.util.Optional;

/**
 * A plugin's route rule that cannot fail: whatever it throws is reported once per plugin and the
 * answer is empty, so the built-in scenarios decide.
 */
public final class GuardedRouteRule implements RouteRule {

    private final RouteRule delegate;
    private final PluginFaults faults;
    private final String what;

    public GuardedRouteRule(RouteRule delegate, PluginFaults faults) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.faults = Objects.requireNonNull(faults, "faults");
        this.what = "route rule " + delegate.getClass().getName();
    }

    @Override
    @SuppressWarnings("ConstantConditions") // plugins may break the contract and return null
    public Optional<String> route(ChatRequest request, RouteContext context) {
        try {
            Optional<String> target = delegate.route(request, context);
            return target == null ? Optional.empty() : target;
        } catch (Throwable t) {
            faults.report(what, t);
            return Optional.empty();
        }
    }

    @Override
    @SuppressWarnings("ConstantConditions") // plugins may break the contract and return null
    public Optional<Target> target(ChatRequest request, RouteContext context) {
        try {
            Optional<Target> target = delegate.target(request, context);
            return target == null ? Optional.empty() : target;
        } catch (Throwable t) {
            faults.report(what, t);
            return Optional.empty();
        }
    }

    /** The jar's file name. */
    public String jar() {
        return faults.jar();
    }

    /** The plugin's own rule. */
    public RouteRule delegate() {
        return delegate;
    }

    @Override
    public String toString() {
        return what + " (" + faults.jar() + ")";
    }
}
