package dev.modelrouter.server;

import dev.modelrouter.model.Route;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.pipeline.Explanation;
import dev.modelrouter.pipeline.Inbound;
import dev.modelrouter.pipeline.Pipeline;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.routing.RoutePlan;
import dev.modelrouter.routing.RouteStep;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/explain}: the routing decision for the request in the body, step by step, with the
 * upstream call each target would get; no provider is called. The body is an Anthropic Messages request
 * or an OpenAI Chat Completions one ({@code ?protocol=openai}, else told apart by its shape). With
 * {@code ?id=} it is instead a recent request, named by its request-log id, whose body the daemon kept in
 * memory; the body itself is never returned, only explained again.
 */
record ExplainHandler(
        Pipeline pipeline, Protocol anthropic, ClientErrors errors, JsonMapper json, UnaryOperator<String> redact) {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{12}");

    Mono<ServerResponse> explain(ServerRequest request) {
        String id = request.queryParam("id").orElse(null);
        if (id != null) {
            return explainKept(id);
        }
        String session = request.headers().firstHeader("x-claude-code-session-id");
        String protocol = request.queryParam("protocol").orElse("").toLowerCase(Locale.ROOT);
        return request.bodyToMono(byte[].class)
                .switchIfEmpty(Mono.error(() -> RouterException.invalid("send the request to explain as the body")))
                .flatMap(body -> pipeline.explain(
                        (protocol.isEmpty() ? openAiShaped(body) : protocol.equals("openai"))
                                ? Inbound.openAi(body)
                                : Inbound.anthropic(body, new Inbound.Headers(null, null, session))))
                .flatMap(this::answer)
                .onErrorResume(e -> errors.respond(anthropic, e));
    }

    /** {@code ?id=}: a recent request, by its request-log id, explained from its body kept in memory. */
    private Mono<ServerResponse> explainKept(String id) {
        return Mono.defer(() -> ID.matcher(id).matches()
                        ? pipeline.explain(id)
                        : Mono.error(
                                RouterException.invalid("id must be the 12 hex digits of a request-log line's \"id\"")))
                .flatMap(this::answer)
                .onErrorResume(e -> errors.respond(anthropic, e));
    }

    private Mono<ServerResponse> answer(Explanation e) {
        return ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                // the request's own text (its model, a sub-agent tag) may hold a key too
                .bodyValue(redact.apply(json.writeValueAsString(write(e))));
    }

    /**
     * Whether a body reads as OpenAI Chat Completions: a system, developer or tool message, or a field
     * Anthropic's Messages API does not have.
     */
    private boolean openAiShaped(byte[] body) {
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (JacksonException e) {
            return false; // the Anthropic reader reports the malformed JSON
        }
        for (String field : new String[] {"max_completion_tokens", "response_format", "stream_options", "n"}) {
            if (tree.has(field)) {
                return true;
            }
        }
        for (JsonNode m : tree.path("messages")) {
            String role = m.path("role").asString("");
            if (role.equals("system") || role.equals("developer") || role.equals("tool")) {
                return true;
            }
        }
        return false;
    }

    private ObjectNode write(Explanation e) {
        ObjectNode out = json.createObjectNode();
        out.put("protocol", e.clientProtocol());
        out.put("model", e.requestedModel());
        out.put("error", e.error());
        RoutePlan plan = e.plan();
        if (plan != null) {
            out.put("scenario", plan.scenario().key());
            out.put("route", plan.primary().header());
            ArrayNode steps = out.putArray("steps");
            for (RouteStep s : plan.steps()) {
                ObjectNode step = (ObjectNode) json.valueToTree(s);
                step.put("rule", s.rule().key());
                step.put("verdict", s.verdict().label());
                step.put("detail", s.detail());
                steps.add(step);
            }
            ArrayNode fallbacks = out.putArray("chain");
            for (Route r : plan.routes()) {
                fallbacks.add(r.target());
            }
        }
        out.set("targets", json.valueToTree(e.targets()));
        return out;
    }
}
