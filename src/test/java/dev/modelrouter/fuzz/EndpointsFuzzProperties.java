package dev.modelrouter.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.protocol.WireJson;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import tools.jackson.databind.JsonNode;

/**
 * Every inference endpoint of the real daemon, fed mutated recorded requests through a real HTTP
 * client: no answer is a 5xx (the provider behind it always answers well), no answer carries a stack
 * trace, every refusal is in the client's own protocol, and the daemon answers {@code /health} after
 * each input.
 */
class EndpointsFuzzProperties {

    private static final Map<String, String> JSON = Map.of("content-type", "application/json");
    private static FuzzDaemon daemon;

    @BeforeContainer
    static void start() {
        daemon = new FuzzDaemon();
    }

    @AfterContainer
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Property
    void anthropicMessages(@ForAll("anthropic") String body) {
        check(body, daemon.send("POST", "/v1/messages", body, JSON), Shape.ANTHROPIC, daemon);
    }

    @Property
    void anthropicTokenCounts(@ForAll("anthropic") String body) {
        check(body, daemon.send("POST", "/v1/messages/count_tokens", body, JSON), Shape.ANTHROPIC, daemon);
    }

    @Property
    void openAiChatCompletions(@ForAll("openai") String body) {
        check(body, daemon.send("POST", "/v1/chat/completions", body, JSON), Shape.OPENAI, daemon);
    }

    @Property
    void geminiGenerateContent(
            @ForAll("gemini") String body, @ForAll("geminiModels") String model, @ForAll boolean stream) {
        String path = "/v1beta/models/"
                + URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20")
                + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
        check(body, daemon.send("POST", path, body, JSON), Shape.GEMINI, daemon);
    }

    enum Shape {
        ANTHROPIC,
        OPENAI,
        GEMINI
    }

    static void check(String input, FuzzDaemon.Answer answer, Shape shape, FuzzDaemon daemon) {
        String what = "status " + answer.statusCode() + " answer " + Verdicts.shorten(answer.body()) + "\nfor input "
                + Verdicts.shorten(input);
        assertThat(answer.statusCode()).as(what).isLessThan(500);
        assertThat(answer.body()).as(what).doesNotContain("Exception", ".java:", "\tat ");
        if (answer.statusCode() >= 400) {
            JsonNode error = WireJson.tryParse(answer.body());
            assertThat(error).as(what).isNotNull();
            switch (shape) {
                case ANTHROPIC ->
                    assertThat(error.path("type").asString("")
                                    + error.path("error").path("message").isString())
                            .as(what)
                            .isEqualTo("errortrue");
                case OPENAI ->
                    assertThat(error.path("error").path("message").isString())
                            .as(what)
                            .isTrue();
                case GEMINI ->
                    assertThat(error.path("error").path("message").isString())
                            .as(what)
                            .isTrue();
            }
        }
        assertThat(daemon.alive())
                .as("the daemon answers /health after " + what)
                .isTrue();
        Statistics.collect(answer.statusCode());
    }

    @Provide
    Arbitrary<String> anthropic() {
        return Mutations.of(Mutations.seeds(Mutations.ANTHROPIC_REQUESTS))
                .map(EndpointsFuzzProperties::routedToTheFuzzProviders);
    }

    @Provide
    Arbitrary<String> openai() {
        return Mutations.of(Mutations.seeds(Mutations.OPENAI_REQUESTS))
                .map(EndpointsFuzzProperties::routedToTheFuzzProviders);
    }

    @Provide
    Arbitrary<String> gemini() {
        return Mutations.of(Mutations.seeds(Mutations.GEMINI_REQUESTS));
    }

    @Provide
    Arbitrary<String> geminiModels() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "g1",
                        "gem,g1",
                        "anth,m1",
                        "oai,o1",
                        "gemini-2.5-pro",
                        "nope,x",
                        "../x",
                        "a?b#c",
                        "a b",
                        "%2F",
                        "é",
                        "m\u0000",
                        "a\nb"),
                Arbitraries.strings().all().ofMaxLength(30));
    }

    /** Most seeds name real models of other providers; point half of them at the fuzz daemon's own. */
    private static String routedToTheFuzzProviders(String body) {
        int hash = body.hashCode();
        if ((hash & 1) == 0) {
            return body;
        }
        List<String> models = List.of("anth,m1", "oai,o1", "gem,g1", "anth,m2", "claude-haiku-4-5", "m1");
        String model = models.get(Math.floorMod(hash >> 1, models.size()));
        return body.replaceFirst("\"model\"\\s*:\\s*\"[^\"]*\"", "\"model\":\"" + model + "\"");
    }
}
