package dev.modelrouter.pipeline;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
        return scheduler != null ? scheduler : BY_LOOP.computeIfAbsent(loop, Schedulers::fromExecutorService);
    }
}
