package dev.modelrouter.config;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The config snapshot in force. A request reads {@link #current()} once and keeps that snapshot to the
 * end, so a reload never changes a request mid-flight.
 */
public final class LiveConfig {

    private final AtomicReference<RouterConfig> current;
    private final Secrets secrets;
    private final List<Consumer<RouterConfig>> changes = new CopyOnWriteArrayList<>();

    public LiveConfig(RouterConfig initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
        this.secrets = new Secrets(this::current);
    }

    /** The secrets of the snapshot in force (and of earlier ones), plus those registered beside it. */
    public Secrets secrets() {
        return secrets;
    }

    /** The snapshot in force now. */
    public RouterConfig current() {
        return current.get();
    }

    /** Puts {@code next} in force and returns the snapshot it replaces. */
    public RouterConfig replace(RouterConfig next) {
        RouterConfig previous = current.getAndSet(Objects.requireNonNull(next, "next"));
        changes.forEach(listener -> listener.accept(next));
        return previous;
    }

    /**
     * Adds {@code listener}, told of each snapshot put in force from now on, on the thread that put it
     * in force (keep it short: settings read once at start, such as cluster mode's, follow a reload so).
     */
    public void onChange(Consumer<RouterConfig> listener) {
        changes.add(listener);
    }
}
