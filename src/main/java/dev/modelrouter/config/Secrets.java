package dev.modelrouter.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Every secret the daemon must never show: those of the config in force, those of the configs before
 * it in this run (a request that started on an old snapshot may still fail with its key in the text),
 * and secrets registered beside the config, such as the admin token. Everything that leaves the
 * daemon as text (client error messages, log lines, status, the request log, meter tags) passes
 * {@link #redact}.
 */
public final class Secrets implements UnaryOperator<String> {

    /** Secrets of earlier configs kept at most; a reload storm must not grow the set without bound. */
    private static final int MAX_EARLIER = 256;

    private final Supplier<RouterConfig> config;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private volatile Built built;

    private record Built(RouterConfig config, int registeredCount, Redactor redactor, List<String> earlier) {}

    Secrets(Supplier<RouterConfig> config) {
        this.config = config;
        RouterConfig first = config.get();
        this.built = new Built(first, 0, Redactor.of(first), List.of());
    }

    /** Adds a secret that is not in the config file (the admin token); it is masked from now on. */
    public void register(String secret) {
        registered.add(secret);
    }

    /** The redactor for everything known now. */
    public Redactor redactor() {
        Built b = built;
        RouterConfig now = config.get();
        if (b.config() == now && b.registeredCount() == registered.size()) {
            return b.redactor();
        }
        synchronized (this) {
            b = built;
            List<String> earlier = b.earlier();
            if (b.config() != now) {
                List<String> kept = new ArrayList<>(b.redactor().secrets());
                kept.addAll(earlier);
                earlier = List.copyOf(kept.subList(0, Math.min(kept.size(), MAX_EARLIER)));
            }
            int count = registered.size();
            Redactor redactor = Redactor.of(now).with(earlier).with(List.copyOf(registered));
            built = new Built(now, count, redactor, earlier);
            return redactor;
        }
    }

    /** {@code text} with every known secret masked; see {@link Redactor#redact}. */
    public String redact(@Nullable String text) {
        return redactor().redact(text);
    }

    @Override
    public String apply(@Nullable String text) {
        return redact(text);
    }
}
