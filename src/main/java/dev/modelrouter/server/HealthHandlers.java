package dev.modelrouter.server;

import dev.modelrouter.config.LiveConfig;
import dev.modelrouter.config.ProjectRouters;
import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.observe.Observer;
import dev.modelrouter.observe.RecentSessions;
import dev.modelrouter.observe.RecentTraffic;
import dev.modelrouter.pipeline.Pipeline;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The web UI's overview numbers and sessions view: {@code GET /api/health}, each provider's circuits,
 * resting keys (by index in the pool, never the key), last error (redacted) and the last minutes'
 * traffic; {@code GET /api/sessions}, the Claude Code sessions answered lately with their project
 * and route files. Both only read what the data path already recorded.
 */
record HealthHandlers(Pipeline pipeline, Observer observer, LiveConfig live, JsonMapper json) {

    /** Sessions listed at most. */
    static final int SESSIONS = 50;

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET("/api/health", this::health)
                .GET("/api/sessions", this::sessions)
                .build();
    }

    Mono<ServerResponse> health(ServerRequest request) {
        Instant now = Instant.now();
        Map<String, RecentTraffic.Window> windows = new LinkedHashMap<>();
        observer.recent().snapshot(now.getEpochSecond() / 60).forEach(w -> windows.put(w.provider(), w));
        Map<String, String> circuits = pipeline.circuits();
        ObjectNode out = json.createObjectNode();
        out.put("at", now.toString()).put("minutes", RecentTraffic.MINUTES);
        ArrayNode providers = out.putArray("providers");
        for (ProviderConfig p : live.current().providers()) {
            ObjectNode entry = providers
                    .addObject()
                    .put("name", p.name())
                    .put("keys", p.apiKeys().size());
            ArrayNode resting = entry.putArray("resting");
            pipeline.restingKeys(p)
                    .forEach((index, until) ->
                            resting.addObject().put("key", index + 1).put("until", until.toString()));
            String error = pipeline.lastError(p.name());
            entry.put("lastError", error == null ? null : live.secrets().redact(error));
            ObjectNode mine = entry.putObject("circuits");
            circuits.forEach((name, state) -> {
                if (name.startsWith(p.name() + ",")) {
                    mine.put(name.substring(p.name().length() + 1), state);
                }
            });
            traffic(entry, windows.remove(p.name()));
        }
        return ok(out);
    }

    private void traffic(ObjectNode entry, RecentTraffic.@Nullable Window w) {
        ObjectNode t = entry.putObject("traffic");
        if (w == null) {
            t.put("requests", 0)
                    .put("errors", 0)
                    .put("failures", 0)
                    .put("input", 0)
                    .put("output", 0);
            t.putArray("perMinute");
            t.putObject("models");
            return;
        }
        t.put("requests", w.requests())
                .put("errors", w.errors())
                .put("failures", w.failures())
                .put("input", w.input())
                .put("output", w.output());
        t.put("latencyP50Ms", w.latencyP50Ms()).put("latencyP99Ms", w.latencyP99Ms());
        t.put("ttftP50Ms", w.ttftP50Ms()).put("ttftP99Ms", w.ttftP99Ms());
        ArrayNode minutes = t.putArray("perMinute");
        for (RecentTraffic.Minute m : w.minutes()) {
            minutes.addObject()
                    .put("at", Instant.ofEpochSecond(m.epochMinute() * 60).toString())
                    .put("requests", m.requests())
                    .put("errors", m.errors())
                    .put("failures", m.failures());
        }
        ObjectNode models = t.putObject("models");
        w.models()
                .forEach((model, tokens) -> models.putObject(live.secrets().redact(model))
                        .put("input", tokens.input())
                        .put("output", tokens.output()));
    }

    Mono<ServerResponse> sessions(ServerRequest request) {
        return Mono.fromCallable(() -> {
                    ArrayNode out = json.createArrayNode();
                    for (RecentSessions.Session s : observer.sessions().latest(SESSIONS)) {
                        ProjectRouters.SessionRoutes routes = pipeline.sessionRoutes(s.id());
                        ObjectNode entry = out.addObject()
                                .put("id", s.id())
                                .put("project", routes.project())
                                .put("first", s.first().toString())
                                .put("last", s.last().toString())
                                .put("requests", s.requests())
                                .put("errors", s.errors())
                                .put("input", s.input())
                                .put("output", s.output())
                                .put("tokensPerSecond", Math.round(s.tokensPerSecond() * 10) / 10.0)
                                .put("ttftMs", s.ttftMs());
                        ArrayNode models = entry.putArray("models");
                        s.models().forEach(m -> models.add(live.secrets().redact(m)));
                        ArrayNode files = entry.putArray("routeFiles");
                        routes.files().stream().map(Path::toString).forEach(files::add);
                    }
                    return out;
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(this::ok);
    }

    private Mono<ServerResponse> ok(JsonNode body) {
        return ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .headers(h -> h.setCacheControl("no-store"))
                .bodyValue(json.writeValueAsBytes(body));
    }
}
