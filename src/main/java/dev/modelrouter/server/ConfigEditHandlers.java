package dev.modelrouter.server;

import dev.modelrouter.config.ConfigException;
import dev.modelrouter.config.ConfigFile;
import dev.modelrouter.config.ConfigProblem;
import dev.modelrouter.config.ConfigReloader;
import dev.modelrouter.config.ConfigText;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.protocol.Protocol;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatusCode;
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
 * The config editor's side of the admin API: the file's text with literal keys masked, validating a
 * text without writing it, and the backups with a restore. Saving is {@code PUT /api/config}. A backup
 * is named only by its file name, which must have the backup pattern and be one of the listed backups,
 * so no request reaches any other file.
 */
record ConfigEditHandlers(ConfigReloader reloader, Protocol anthropic, JsonMapper json) {

    private static final Pattern BACKUP_NAME = Pattern.compile("[A-Za-z0-9._-]{1,120}\\.\\d{8}-\\d{6}(?:-\\d+)?\\.bak");

    RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route()
                .GET("/api/config/text", this::text)
                .POST("/api/config/validate", this::validate)
                .GET("/api/config/backups", this::backups)
                .POST("/api/config/backups/{name}/restore", this::restore)
                .build();
    }

    /**
     * {@code {"path", "exists", "text", "variables"}}: the file as written, its literal keys masked, and
     * whether each {@code $VAR} it mentions is set.
     */
    Mono<ServerResponse> text(ServerRequest request) {
        return blocking(() -> {
                    Optional<String> text = new ConfigFile(reloader.path()).read();
                    ObjectNode out = json.createObjectNode();
                    out.put("path", reloader.path().toString());
                    out.put("exists", text.isPresent());
                    out.put("text", text.map(t -> ConfigText.of(t).masked()).orElse(""));
                    out.set("variables", variables(text.orElse("")));
                    return out;
                })
                .flatMap(this::ok);
    }

    /**
     * {@code {"ok", "problems": [{"path", "message", "line", "column"}], "variables": {"NAME": set}}} for the
     * body's text; writes nothing.
     */
    Mono<ServerResponse> validate(ServerRequest request) {
        return request.bodyToMono(String.class)
                .defaultIfEmpty("")
                .flatMap(text -> blocking(() -> {
                    List<ConfigProblem> problems = reloader.problems(text);
                    ObjectNode out = json.createObjectNode();
                    out.put("ok", problems.isEmpty());
                    out.set("problems", located(problems, text));
                    out.set("variables", variables(text));
                    return out;
                }))
                .flatMap(this::ok);
    }

    /** {@code [{"name", "bytes", "modified"}]}, newest first. */
    Mono<ServerResponse> backups(ServerRequest request) {
        return blocking(() -> {
                    ArrayNode out = json.createArrayNode();
                    for (Path b : new ConfigFile(reloader.path()).backups()) {
                        out.addObject()
                                .put("name", b.getFileName().toString())
                                .put("bytes", Files.size(b))
                                .put(
                                        "modified",
                                        Files.getLastModifiedTime(b).toInstant().toString());
                    }
                    return out;
                })
                .flatMap(this::ok);
    }

    /** Puts a backup's text in force through the same checks and atomic write as {@code PUT /api/config}. */
    Mono<ServerResponse> restore(ServerRequest request) {
        String name = request.pathVariable("name");
        return blocking(() -> {
                    Path backup = listed(name)
                            .orElseThrow(() -> new IllegalArgumentException(
                                    "no backup named " + name + "; GET /api/config/backups lists them"));
                    var result = reloader.replace(Files.readString(backup, StandardCharsets.UTF_8), "ui-restore");
                    ObjectNode out = json.createObjectNode();
                    out.put("ok", result.ok())
                            .put("restartNeeded", result.restartNeeded())
                            .put("message", "restored " + name + ": " + result.message());
                    return (JsonNode) out;
                })
                .flatMap(this::ok)
                .onErrorResume(this::failure);
    }

    private Optional<Path> listed(String name) throws IOException {
        if (!BACKUP_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return new ConfigFile(reloader.path())
                .backups().stream()
                        .filter(p -> p.getFileName().toString().equals(name))
                        .findFirst();
    }

    private ObjectNode variables(String text) {
        ObjectNode out = json.createObjectNode();
        reloader.variables(text).forEach(out::put);
        return out;
    }

    private ArrayNode located(List<ConfigProblem> problems, String text) {
        ConfigText where = ConfigText.of(text);
        ArrayNode out = json.createArrayNode();
        for (ConfigProblem p : problems) {
            ObjectNode entry = out.addObject().put("path", p.path()).put("message", p.message());
            where.at(p.path(), p.message())
                    .ifPresent(at -> entry.put("line", at.line()).put("column", at.column()));
        }
        return out;
    }

    private Mono<ServerResponse> failure(Throwable e) {
        ErrorKind kind = e instanceof IOException ? ErrorKind.API : ErrorKind.INVALID_REQUEST;
        if (!(e instanceof ConfigException)
                && !(e instanceof IllegalArgumentException)
                && !(e instanceof IOException)) {
            return Mono.error(e);
        }
        String message = e instanceof ConfigException c
                ? "the config was not changed: " + c.getMessage().replace("\n", "; ")
                : e.getMessage();
        ObjectNode body = anthropic.writeError(new RouterException(kind, message));
        if (e instanceof ConfigException c && body.path("error").isObject()) {
            ((ObjectNode) body.get("error")).set("problems", located(c.problems(), ""));
        }
        return ServerResponse.status(HttpStatusCode.valueOf(kind.status()))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json.writeValueAsBytes(body));
    }

    private Mono<ServerResponse> ok(JsonNode body) {
        return ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .headers(h -> h.setCacheControl("no-store"))
                .bodyValue(json.writeValueAsBytes(body));
    }

    private static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
