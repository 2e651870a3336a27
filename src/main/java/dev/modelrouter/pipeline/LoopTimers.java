package dev.modelrouter.pipeline;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The scheduler for a request's deadlines and keep-alive checks: the Netty event loop the caller runs
 * on, when it runs on one, and Reactor's parallel scheduler otherwise.
 *
 * <p>Every proxied request arms two or three deadlines, and a stream one per event. On the parallel
 * scheduler each is a locked insert into a {@code ScheduledThreadPoolExecutor}'s queue that often
 * wakes its thread, and each cancel another lock: about 6 % of the proxy's CPU, and a third thread
 * woken per request on a machine with two cores. An event loop keeps its timers in a heap of its own,
 * which its own thread reads and writes without a lock or a wake-up; the request's bytes are handled
 * on that same loop, so a deadline fires where the stream it guards lives.
 */
final class LoopTimers {

    private static final Map<EventExecutor, Scheduler> BY_LOOP = new ConcurrentHashMap<>();

    private LoopTimers() {}

    /** The calling thread's event loop as a scheduler, or {@link Schedulers#parallel()}. */
    static Scheduler current() {
        EventExecutor executor = ThreadExecutorMap.currentExecutor();
        if (!(executor instanceof EventLoop loop)) {
            return Schedulers.parallel();
        }
        Scheduler scheduler = BY_LOOP.get(loop);
        return scheduler != null ? scheduler : BY_LOOP.computeIfAbsent(loop, LoopTimers::create);
    }

    private static Scheduler create(EventExecutor loop) {
        loop.terminationFuture().addListener(f -> BY_LOOP.remove(loop));
        return Schedulers.fromExecutorService(new Timers(loop), "loop-timers");
    }

    /**
     * The loop's scheduling, without its shutdown: disposing a Reactor scheduler shuts its executor
     * down, and that must never take an event loop, and every connection on it, with it.
     */
    private static final class Timers extends AbstractExecutorService implements ScheduledExecutorService {

        private final EventExecutor loop;

        Timers(EventExecutor loop) {
            this.loop = loop;
        }

        @Override
        public void execute(Runnable task) {
            loop.execute(task);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            return loop.schedule(task, delay, unit);
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> task, long delay, TimeUnit unit) {
            return loop.schedule(task, delay, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long initialDelay, long period, TimeUnit unit) {
            return loop.scheduleAtFixedRate(task, initialDelay, period, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, long initialDelay, long delay, TimeUnit unit) {
            return loop.scheduleWithFixedDelay(task, initialDelay, delay, unit);
        }

        @Override
        public void shutdown() {
            // the loop belongs to Reactor Netty
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return loop.isShuttingDown();
        }

        @Override
        public boolean isTerminated() {
            return loop.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return loop.awaitTermination(timeout, unit);
        }
    }
}
