package dev.modelrouter.server;

import dev.modelrouter.config.ConfigException;
import dev.modelrouter.config.ConfigProblem;
import dev.modelrouter.config.ConfigReloader;
import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.config.ReloadResult;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.Target;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.Scenario;
import dev.modelrouter.observe.Observer;
import dev.modelrouter.protocol.Protocol;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The admin API under {@code /api/}: the config (redacted), writing it, reloading it, the status, and
 * switching one scenario's model. Only the one config file is ever read or written; no request names a
 * path. {@link LoopbackGuard} and {@link ApiKeyFilter} decide who may call these.
 */
final class AdminHandlers {

    private final ConfigReloader reloader;
    private final Observer observer;
    private final List<StatusContributor> contributors;
    private final Protocol anthropic;
    private final ClientErrors errors;
    private final JsonMapper json;
    private final Instant started = Instant.now();

    AdminHandlers(
            ConfigReloader reloader,
            Observer observer,
            List<StatusContributor> contributors,
            Protocol anthropic,
            ClientErrors errors,
            JsonMapper json) {
        this.reloader = reloader;
        this.observer = observer;
        this.contributors = List.copyOf(contributors);
        this.anthropic = anthropic;
        this.errors = errors;
        this.json = json;
    }

    /** The admin routes, to be added before any catch-all route. */
    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET("/api/config", this::config)
                .PUT("/api/config", this::putConfig)
                .POST("/api/reload", this::reload)
                .GET("/api/status", this::status)
                .PUT("/api/routes/{scenario}", this::putRoute)
                .GET("/api/sessions/{session}/speed", this::speed)
                .build();
    }

    /**
     * How fast the last answer of a Claude Code session came (ccr's token-speed, for the status line's
     * {@code speed} module); 404 when none of its answers is known.
     */
    Mono<ServerResponse> speed(ServerRequest request) {
        String session = request.pathVariable("session");
        return observer.speed(session)
                .map(s -> {
                    ObjectNode out = json.createObjectNode();
                    out.put("tokensPerSecond", Math.round(s.tokensPerSecond() * 10) / 10.0);
                    out.put("timeToFirstTokenMs", s.timeToFirstTokenMillis());
                    out.put("at", s.at().toString());
                    return ok(out);
                })
                .orElseGet(() -> errors.respond(
                        anthropic,
                        new RouterException(
                                ErrorKind.NOT_FOUND,
                                404,
                                "no answer of session " + session + " is known",
                                null,
                                null)));
    }

    Mono<ServerResponse> config(ServerRequest request) {
        return ok(reloader.live().current().redacted());
    }

    Mono<ServerResponse> putConfig(ServerRequest request) {
        return request.bodyToMono(String.class)
                .switchIfEmpty(Mono.error(() -> RouterException.invalid("send the new config.json text as the body")))
                .flatMap(text -> blocking(() -> reloader.replace(text, "api")))
                .flatMap(this::result)
                .onErrorResume(this::failure);
    }

    Mono<ServerResponse> reload(ServerRequest request) {
        return blocking(() -> reloader.reload("api")).flatMap(this::result).onErrorResume(this::failure);
    }

    Mono<ServerResponse> putRoute(ServerRequest request) {
        String scenario = request.pathVariable("scenario");
        return request.bodyToMono(byte[].class)
                .switchIfEmpty(Mono.error(() -> RouterException.invalid("send {\"model\": \"provider,model\"}")))
                .map(this::model)
                .flatMap(model -> blocking(() -> reloader.setRoute(scenario, model, "api")))
                .flatMap(this::result)
                .onErrorResume(this::failure);
    }

    Mono<ServerResponse> status(ServerRequest request) {
        RouterConfig config = reloader.live().current();
        ObjectNode out = json.createObjectNode();
        String version = AdminHandlers.class.getPackage().getImplementationVersion();
        out.put("version", version == null ? "dev" : version);
        out.put("pid", ProcessHandle.current().pid());
        out.put("startedAt", started.toString());
        out.put("uptimeSeconds", Duration.between(started, Instant.now()).toSeconds());
        out.put("configPath", reloader.path().toString());
        out.put("bundledConfig", config.bundled());
        request.localAddress().ifPresent(a -> out.put("port", a.getPort()));
        out.set("lastReload", resultJson(reloader.last()));
        ObjectNode routes = out.putObject("routes");
        for (Scenario s : Scenario.values()) {
            if (s.configurable()) {
                ArrayNode targets = routes.putArray(s.key());
                config.router().chain(s).forEach(t -> targets.add(t.toString()));
            }
        }
        ArrayNode providers = out.putArray("providers");
        for (ProviderConfig p : config.providers()) {
            ObjectNode entry = providers.addObject();
            entry.put("name", p.name());
            entry.put("protocol", p.protocol().key());
            entry.put("baseUrl", p.redactedBaseUrl());
            entry.put("keys", p.apiKeys().size());
            ArrayNode models = entry.putArray("models");
            p.models().forEach(models::add);
            entry.putNull("lastError");
        }
        contributors.forEach(c -> c.contribute(out, config));
        return ok(out);
    }

    private String model(byte[] body) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JacksonException e) {
            throw RouterException.invalid("the body is not JSON; send {\"model\": \"provider,model\"}");
        }
        JsonNode model = node.path("model");
        if (!model.isString() || Target.parse(model.asString()).isEmpty()) {
            throw RouterException.invalid(
                    "send {\"model\": \"provider,model\"}, e.g. {\"model\": \"deepseek,deepseek-chat\"}");
        }
        return model.asString();
    }

    private Mono<ServerResponse> result(ReloadResult r) {
        if (!r.ok() && !r.restartNeeded()) {
            return error(ErrorKind.INVALID_REQUEST, r.message(), r.problems());
        }
        return ok(resultJson(r));
    }

    private ObjectNode resultJson(ReloadResult r) {
        ObjectNode out = json.createObjectNode();
        out.put("at", r.at().toString());
        out.put("trigger", r.trigger());
        out.put("ok", r.ok());
        out.put("restartNeeded", r.restartNeeded());
        out.put("message", r.message());
        out.set("problems", problems(r.problems()));
        return out;
    }

    private ArrayNode problems(List<ConfigProblem> problems) {
        ArrayNode out = json.createArrayNode();
        problems.forEach(p -> out.addObject().put("path", p.path()).put("message", p.message()));
        return out;
    }

    private Mono<ServerResponse> failure(Throwable e) {
        if (e instanceof ConfigException c) {
            return error(
                    ErrorKind.INVALID_REQUEST,
                    "the config was not changed: " + c.getMessage().replace("\n", "; "),
                    c.problems());
        }
        if (e instanceof IllegalArgumentException) {
            return error(ErrorKind.INVALID_REQUEST, e.getMessage(), List.of());
        }
        if (e instanceof IOException) {
            return error(ErrorKind.API, "cannot write " + reloader.path() + ": " + e.getMessage(), List.of());
        }
        return errors.respond(anthropic, e);
    }

    private Mono<ServerResponse> error(ErrorKind kind, String message, List<ConfigProblem> problems) {
        ObjectNode body = anthropic.writeError(new RouterException(kind, message));
        if (!problems.isEmpty() && body.path("error").isObject()) {
            ((ObjectNode) body.get("error")).set("problems", problems(problems));
        }
        return ServerResponse.status(HttpStatusCode.valueOf(kind.status()))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json.writeValueAsBytes(body));
    }

    private Mono<ServerResponse> ok(JsonNode body) {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(json.writeValueAsBytes(body));
    }

    private static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
