package dev.modelrouter.transform;

import static dev.modelrouter.transform.Fixtures.hello;
import static dev.modelrouter.transform.Fixtures.provider;
import static dev.modelrouter.transform.Fixtures.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class TransformerChainTest {

    /** Appends its name to a shared log at every hook, and to the answer's events as they pass. */
    private record Recording(String name, List<String> log) implements Transformer {
        @Override
        public ChatRequest transformRequest(ChatRequest request, Route route) {
            log.add("request:" + name);
            return request;
        }

        @Override
        public ObjectNode transformBody(ObjectNode body, Route route) {
            log.add("body:" + name);
            return body;
        }

        @Override
        public Flux<StreamEvent> transformResponse(Flux<StreamEvent> events, Route route) {
            return events.doOnNext(e -> log.add("response:" + name));
        }
    }

    private static TransformerRegistry recordingRegistry(List<String> log, String... names) {
        TransformerRegistry registry = TransformerRegistry.withBuiltIns();
        for (String name : names) {
            registry.register(
                    new TransformerFactory() {
                        @Override
                        public String name() {
                            return name;
                        }

                        @Override
                        public Transformer create(JsonNode options) {
                            return new Recording(name + options.path("tag").asString(""), log);
                        }
                    },
                    "test.jar");
        }
        return registry;
    }

    @Test
    void appliesProviderThenModelListsToRequestsAndTheReverseToAnswers() {
        List<String> log = new ArrayList<>();
        TransformerRegistry registry = recordingRegistry(log, "a", "b", "c");
        TransformerChain chain = Fixtures.chain(
                provider("p", "{\"use\": [\"a\", [\"b\", {\"tag\": \"1\"}]], \"m\": {\"use\": [\"c\"]}}", "m"),
                "m",
                registry);

        chain.request(hello(), route("m"));
        chain.body(Json.object(), route("m"));
        StepVerifier.create(chain.response(Flux.just(Fixtures.start()), route("m")))
                .expectNextCount(1)
                .verifyComplete();

        assertThat(log)
                .containsExactly(
                        "request:a",
                        "request:b1",
                        "request:c",
                        "body:a",
                        "body:b1",
                        "body:c",
                        "response:c",
                        "response:b1",
                        "response:a");
    }

    @Test
    void otherModelsGetOnlyTheProviderList() {
        List<String> log = new ArrayList<>();
        TransformerRegistry registry = recordingRegistry(log, "a", "c");
        TransformerChain chain =
                Fixtures.chain(provider("p", "{\"use\": [\"a\"], \"m\": {\"use\": [\"c\"]}}", "m", "n"), "n", registry);

        chain.request(hello(), route("n"));

        assertThat(log).containsExactly("request:a");
    }

    @Test
    void protocolMarkersAloneDoNotRewrite() {
        TransformerRegistry registry = TransformerRegistry.withBuiltIns();
        TransformerChain markers =
                Fixtures.chain(provider("p", "{\"use\": [\"Anthropic\", \"gemini\", \"OpenAI\"]}", "m"), "m", registry);
        TransformerChain withQuirk =
                Fixtures.chain(provider("p", "{\"use\": [\"openai\", \"deepseek\"]}", "m"), "m", registry);
        TransformerChain none = Fixtures.chain(provider("p", "{}", "m"), "m", registry);

        assertThat(markers.rewrites()).isFalse();
        assertThat(markers.isEmpty()).isFalse();
        assertThat(withQuirk.rewrites()).isTrue();
        assertThat(none.rewrites()).isFalse();
        assertThat(none.isEmpty()).isTrue();
    }

    @Test
    void emptyChainPassesEverythingThrough() {
        ChatRequest request = hello();
        ObjectNode body = Json.object().put("model", "m");
        Flux<StreamEvent> events =
                Flux.just(Fixtures.start(), new StreamEvent.Stop(StopReason.END_TURN, null, Fixtures.USAGE));

        assertThat(TransformerChain.EMPTY.request(request, route("m"))).isSameAs(request);
        assertThat(TransformerChain.EMPTY.body(body, route("m"))).isSameAs(body);
        assertThat(TransformerChain.EMPTY.response(events, route("m"))).isSameAs(events);
    }

    @Test
    void unknownNameNamesTheProviderAndTheKnownNames() {
        TransformerRegistry registry = TransformerRegistry.withBuiltIns();

        assertThatThrownBy(() -> Fixtures.chain(provider("x", "{\"use\": [\"foo\"]}", "m"), "m", registry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "provider 'x': unknown transformer 'foo' (known: anthropic, cerebras, cleancache, ")
                .hasMessageContaining("tooluse");
        assertThatThrownBy(() -> Fixtures.chain(provider("x", "{\"m\": {\"use\": [\"bar\"]}}", "m"), "m", registry))
                .hasMessageStartingWith("provider 'x', model 'm': unknown transformer 'bar'");
    }

    @Test
    void invalidOptionsNameTheTransformerAndTheOption() {
        TransformerRegistry registry = TransformerRegistry.withBuiltIns();

        assertThatThrownBy(() -> Fixtures.chain(
                        provider("x", "{\"use\": [[\"maxtoken\", {\"max_tokens\": \"lots\"}]]}", "m"), "m", registry))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("provider 'x': invalid options for transformer 'maxtoken': maxtoken: option 'max_tokens'"
                        + " must be a positive integer, got \"lots\"");
        assertThatThrownBy(() -> Fixtures.chain(provider("x", "{\"use\": [[\"maxtoken\"]]}", "m"), "m", registry))
                .hasMessageContaining("option 'max_tokens' is required");
        assertThatThrownBy(() -> Fixtures.chain(
                        provider("x", "{\"use\": [[\"sampling\", {\"temprature\": 1}]]}", "m"), "m", registry))
                .hasMessageContaining("unknown option(s) [temprature]");
    }

    @Test
    void validateReportsEveryProblemWithItsJsonPath() throws Exception {
        RouterConfig config = ConfigLoader.parse("""
                {"Providers": [
                  {"name": "ok", "api_base_url": "https://a.example.com/v1/chat/completions", "api_key": "k",
                   "models": ["m"], "transformer": {"use": ["openrouter", ["maxtoken", {"max_tokens": 100}]]}},
                  {"name": "bad", "api_base_url": "https://b.example.com/v1/chat/completions", "api_key": "k",
                   "models": ["m", "deepseek-chat"],
                   "transformer": {"use": ["deepseek", "foo", 7],
                                   "deepseek-chat": {"use": [["sampling", {"top_k": -1}]]},
                                   "m": "tooluse"}}
                ],
                "Router": {"default": "ok,m"}}
                """, Path.of("config.json"), Map.of());

        List<String> problems = TransformerChain.validate(config.transformers(), TransformerRegistry.withBuiltIns());

        assertThat(problems).hasSize(4);
        assertThat(problems.get(0)).startsWith("$.Providers[1].transformer.use[1]: unknown transformer 'foo' (known: ");
        assertThat(problems.get(1))
                .isEqualTo(
                        "$.Providers[1].transformer.use[2]: expected a transformer name or [name, {options}], got 7");
        assertThat(problems.get(2))
                .isEqualTo("$.Providers[1].transformer['deepseek-chat'].use[0]: invalid options for"
                        + " transformer 'sampling': sampling: option 'top_k' must be a non-negative integer, got -1");
        assertThat(problems.get(3))
                .isEqualTo("$.Providers[1].transformer.m: expected {\"use\": [...]} for model 'm', got \"tooluse\"");
    }
}
