package dev.modelrouter.plugin;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The one node process a {@link NodeHost} runs, handed over under one lock: callers share a live process
 * without locking, a dead one is launched again by one caller at a time, and once the host is closed no
 * process is launched any more.
 */
final class ScriptSlot {

    /** Starts a process; null when it chose not to (the caller has said why). */
    @FunctionalInterface
    interface Launch<E extends Exception> {
        @Nullable
        ScriptProcess start() throws E;
    }

    private final Object lock = new Object();
    private volatile @Nullable ScriptProcess current;
    private volatile boolean closed;

    /** The running process, when there is one and it is alive. */
    @Nullable
    ScriptProcess alive() {
        ScriptProcess running = current;
        return running != null && running.alive() ? running : null;
    }

    /** Whether the host was closed. */
    boolean closed() {
        return closed;
    }

    /**
     * The live process at once, else {@code launch} called on a thread that may block; empty when it
     * returns null.
     */
    Mono<ScriptProcess> process(Launch<?> launch) {
        ScriptProcess running = alive();
        return running != null
                ? Mono.just(running)
                : Mono.fromCallable(launch::start).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * The live process, else the one {@code launch} starts, which then becomes the live one; null when
     * the host is closed or {@code launch} started nothing. Launches run one at a time.
     */
    <E extends Exception> @Nullable ScriptProcess ensure(Launch<E> launch) throws E {
        synchronized (lock) {
            if (closed) {
                return null;
            }
            ScriptProcess running = alive();
            if (running != null) {
                return running;
            }
            ScriptProcess started = launch.start();
            if (started != null) {
                current = started;
            }
            return started;
        }
    }

    /** Closes the host: stops the process and launches nothing any more. */
    void close() {
        ScriptProcess running;
        synchronized (lock) {
            closed = true;
            running = current;
            current = null;
        }
        if (running != null) {
            running.close();
        }
    }
}
