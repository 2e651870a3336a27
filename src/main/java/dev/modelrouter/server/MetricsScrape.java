package dev.modelrouter.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /actuator/prometheus}, served by the router itself: Spring Boot's actuator would serve the
 * same scrape, but discovering and mapping its endpoints cost the daemon's start-up about a tenth of
 * its main thread for this one path. As the actuator did, it answers in the format the scraper
 * prefers among Prometheus text 0.0.4 (the default), OpenMetrics and Prometheus protobuf, honours
 * {@code includedNames}, and scrapes off the event loop.
 */
final class MetricsScrape {

    // the content types of the Prometheus client's format writers (a runtime-only dependency)
    private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String PROTOBUF =
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

    private final PrometheusMeterRegistry registry;

    MetricsScrape(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    Mono<ServerResponse> scrape(ServerRequest request) {
        String type = contentType(request.headers().accept());
        Set<String> names = new LinkedHashSet<>();
        request.queryParams()
                .getOrDefault("includedNames", List.of())
                .forEach(v -> Arrays.stream(v.split(","))
                        .map(String::trim)
                        .filter(n -> !n.isEmpty())
                        .forEach(names::add));
        return Mono.fromCallable(() -> {
                    // bytes, not a String: the protobuf format is binary
                    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
                    registry.scrape(out, type, names.isEmpty() ? null : names);
                    return out.toByteArray();
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(
                        body -> ServerResponse.ok().header("Content-Type", type).bodyValue(body));
    }

    /** The offered format that {@code accept} names explicitly with the highest quality; text otherwise. */
    static String contentType(List<MediaType> accept) {
        List<MediaType> byQuality = new ArrayList<>(accept);
        byQuality.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
        for (MediaType wanted : byQuality) {
            if (wanted.getQualityValue() == 0) {
                continue;
            }
            switch (wanted.getType() + "/" + wanted.getSubtype()) {
                case "text/plain":
                    return TEXT;
                case "application/openmetrics-text":
                    return OPEN_METRICS;
                case "application/vnd.google.protobuf":
                    return PROTOBUF;
                default:
                    break;
            }
        }
        return TEXT;
    }
}
