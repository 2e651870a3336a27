package dev.modelrouter.server;

import dev.modelrouter.config.LiveConfig;
import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.routing.TokenCounter;
import dev.modelrouter.upstream.UpstreamClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Readies, on a background thread once the daemon answers, what the first prompt would otherwise wait
 * for: the upstream client (event loops, resolver, and the TLS context when a provider is https: about
 * a third of a second on a cold JVM) and the tokenizer's tables (their load and the compilation its
 * loops trigger take more CPU than the rest of the start-up). It waits a quarter of a second first, so
 * the first answers (the health checks of {@code router start} and {@code router code}, whose Claude
 * Code needs far longer to send its first prompt) do not share the cores with it.
 */
final class Warmup {

    private Warmup() {}

    static void start(LiveConfig live, UpstreamClient upstream) {
        Thread t = new Thread(
                () -> {
                    try {
                        Thread.sleep(250);
                        RouterConfig config = live.current();
                        List<URI> endpoints = config.providers().stream()
                                .map(ProviderConfig::apiBaseUrl)
                                .toList();
                        upstream.warmup(endpoints, config.proxyUrl()).block(Duration.ofSeconds(10));
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        // only a head start: the first call sets up whatever this could not, and reports it
                    }
                    TokenCounter.preload();
                },
                "router-warmup");
        t.setDaemon(true);
        t.start();
    }
}
