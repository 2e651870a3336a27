package dev.modelrouter.config;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The config snapshot in force. A request reads {@link #current()} once and keeps that snapshot to the
 * end, so a reload never changes a request mid-flight.
 */
public final class LiveConfig {

    private final AtomicReference<RouterConfig> current;

    public LiveConfig(RouterConfig initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    /** The snapshot in force now. */
    public RouterConfig current() {
        return current.get();
    }

    /** Puts {@code next} in force and returns the snapshot it replaces. */
    public RouterConfig replace(RouterConfig next) {
        return current.getAndSet(Objects.requireNonNull(next, "next"));
    }
}
