package dev.modelrouter.pipeline;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** A value computed on first use and kept (one request's decoded body, needed only on some paths). */
final class Lazy<T> implements Supplier<T> {

    private final Supplier<T> compute;
    private @Nullable T value;

    Lazy(Supplier<T> compute) {
        this.compute = compute;
    }

    @Override
    public synchronized T get() {
        T v = value;
        if (v == null) {
            v = compute.get();
            value = v;
        }
        return v;
    }
}
