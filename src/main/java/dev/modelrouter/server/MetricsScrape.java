package dev.modelrouter.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /actuator/prometheus}, served by the router itself: Spring Boot's actuator would serve the
 * same scrape, but discovering and mapping its endpoints cost the daemon's start-up about a tenth of
 * its main thread for this one path. Like the actuator, it answers in the OpenMetrics format when the
 * scraper names it in {@code Accept} and in Prometheus' text format otherwise.
 */
final class MetricsScrape {

    private static final MediaType OPEN_METRICS = MediaType.parseMediaType("application/openmetrics-text");
    // the content types the Prometheus client's format writers answer to (a runtime-only dependency)
    private static final String OPEN_METRICS_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String TEXT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    MetricsScrape(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    Mono<ServerResponse> scrape(ServerRequest request) {
        List<MediaType> accept = request.headers().accept();
        String type = accept.stream().anyMatch(OPEN_METRICS::equalsTypeAndSubtype)
                ? OPEN_METRICS_TYPE
                : TEXT_TYPE;
        return ServerResponse.ok().header("Content-Type", type).bodyValue(registry.scrape(type));
    }
}
