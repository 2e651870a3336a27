package dev.modelrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

class LoopTimersTest {

    @Test
    void offAnEventLoopItIsReactorsParallelScheduler() {
        assertThat(LoopTimers.current()).isSameAs(Schedulers.parallel());
    }

    @Test
    void onAnEventLoopDeadlinesFireOnThatLoop() throws Exception {
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            EventLoop loop = group.next();
            CompletableFuture<Scheduler> picked = new CompletableFuture<>();
            loop.execute(() -> picked.complete(LoopTimers.current()));
            Scheduler scheduler = picked.get(5, TimeUnit.SECONDS);
            CompletableFuture<Scheduler> again = new CompletableFuture<>();
            loop.execute(() -> again.complete(LoopTimers.current()));
            assertThat(again.get(5, TimeUnit.SECONDS))
                    .as("one scheduler per loop")
                    .isSameAs(scheduler);

            CompletableFuture<Boolean> firedOnLoop = new CompletableFuture<>();
            Mono.delay(Duration.ofMillis(20), scheduler).subscribe(t -> firedOnLoop.complete(loop.inEventLoop()));
            assertThat(firedOnLoop.get(5, TimeUnit.SECONDS)).isTrue();

            CompletableFuture<Boolean> cancelled = new CompletableFuture<>();
            loop.execute(() -> {
                var pending = Mono.delay(Duration.ofMillis(50), scheduler).subscribe(t -> cancelled.complete(false));
                pending.dispose();
                loop.schedule(() -> cancelled.complete(true), 150, TimeUnit.MILLISECONDS);
            });
            assertThat(cancelled.get(5, TimeUnit.SECONDS))
                    .as("a cancelled deadline never fires")
                    .isTrue();

            scheduler.dispose();
            CompletableFuture<Boolean> stillRuns = new CompletableFuture<>();
            loop.execute(() -> stillRuns.complete(true));
            assertThat(stillRuns.get(5, TimeUnit.SECONDS))
                    .as("disposing the scheduler leaves the loop running")
                    .isTrue();
            assertThat(loop.isShuttingDown()).isFalse();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
