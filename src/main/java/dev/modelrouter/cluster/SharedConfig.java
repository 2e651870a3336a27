package dev.modelrouter.cluster;

import dev.modelrouter.config.ConfigReloader;
import dev.modelrouter.config.ReloadResult;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Config changes made through one instance's admin API or UI, put to every instance: the instance
 * that accepted a change publishes its whole text on {@value #CHANNEL} ({@code <instance> <text>});
 * each other instance runs it through its own validator and late checks, writes it to its own file
 * when they pass, and publishes its result on {@value #RESULTS} ({@code <instance> ok|refused <message>}).
 * A change an instance refuses leaves it on its previous config, which its status says. Changes made
 * by editing one instance's file stay on that instance (deploy files to all, e.g. from a ConfigMap).
 */
final class SharedConfig {

    static final String CHANNEL = "mr:config";
    static final String RESULTS = "mr:config:results";
    /** The trigger a change from another instance carries in {@code lastReload}. */
    static final String TRIGGER = "cluster";

    private final RedisLink redis;
    private final String instance;
    private final ConfigReloader reloader;
    private final Map<String, String> results = new ConcurrentHashMap<>();
    /** Publishing and adopting still under way, which leaving the cluster lets finish first. */
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    /** False from the moment a change leaving this cluster is put in force: changes still arriving are dropped. */
    private volatile boolean adopting = true;

    SharedConfig(RedisLink redis, String instance, ConfigReloader reloader) {
        this.redis = redis;
        this.instance = instance;
        this.reloader = reloader;
        redis.subscribe(CHANNEL, (channel, message) -> received(message));
        redis.subscribe(RESULTS, (channel, message) -> {
            String[] parts = message.split(" ", 2);
            if (parts.length == 2) {
                results.put(parts[0], parts[1]);
            }
        });
        reloader.onReplaced(this::replaced);
    }

    /**
     * Stops adopting other instances' changes, at once: called on the thread that puts in force the change
     * that leaves this cluster, before that change's own publishing, which still goes out.
     */
    void stopAdopting() {
        adopting = false;
    }

    /**
     * Stops publishing this instance's admin changes, after letting what is under way finish (within
     * {@code wait}): the change that turned cluster mode off reaches the other instances, and an adoption
     * running reports its result.
     */
    void unshare(Duration wait) {
        adopting = false;
        try {
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new))
                    .get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // leaving goes on: what did not finish in time is lost, as when Redis is away
        }
        reloader.onReplaced((text, trigger) -> {});
    }

    private void replaced(String text, String trigger) {
        if (!TRIGGER.equals(trigger)) {
            results.clear();
            results.put(instance, "ok " + trigger);
            publish(CHANNEL, instance + " " + text);
        }
    }

    private void received(String message) {
        int space = message.indexOf(' ');
        if (space <= 0 || message.substring(0, space).equals(instance) || !adopting) {
            return;
        }
        String text = message.substring(space + 1);
        // writing the file and validating block; never on Lettuce's event loop
        track(Mono.fromCallable(() -> reloader.adoptIf(() -> adopting, text, TRIGGER))
                .subscribeOn(Schedulers.boundedElastic())
                .doOnNext(adopted -> adopted.ifPresent(this::report))
                .toFuture());
    }

    private void report(ReloadResult result) {
        String line = (result.ok() ? "ok " : "refused ") + result.message();
        results.put(instance, line);
        publish(RESULTS, instance + " " + line);
    }

    private void publish(String channel, String message) {
        track(redis.publishing(channel, message));
    }

    private void track(CompletableFuture<?> work) {
        inFlight.add(work);
        work.whenComplete((done, failed) -> inFlight.remove(work));
    }

    /** Each instance's result for the last change made through the admin API, by instance, as far as heard. */
    Map<String, String> results() {
        return new TreeMap<>(results);
    }
}
