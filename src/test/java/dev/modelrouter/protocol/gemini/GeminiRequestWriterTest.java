package dev.modelrouter.protocol.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.Thinking;
import dev.modelrouter.model.ToolChoice;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class GeminiRequestWriterTest {

    private final GeminiProtocol protocol = new GeminiProtocol();

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("claude-code-tools", (Supplier<ChatRequest>) CanonicalRequests::claudeCode),
                Arguments.of("media", (Supplier<ChatRequest>) CanonicalRequests::media));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writesUpstreamBodyMatchingGoldenFile(String name, Supplier<ChatRequest> request) {
        Golden.assertJson(name + ".request.json", protocol.writeRequest(request.get()));
    }

    @Test
    void writesLegacyParametersWhenAsked() {
        JsonNode body = GeminiProtocol.withLegacySchemas().writeRequest(CanonicalRequests.claudeCode());

        Golden.assertJson("legacy-parameters.tools.json", body.get("tools"));
    }

    @Test
    void neverSendsAForeignSignatureOrThoughtText() {
        String body = protocol.writeRequest(CanonicalRequests.claudeCode()).toString();

        assertThat(body)
                .doesNotContain("EqQBCkYIBxgCKkB")
                .doesNotContain("Claude's reasoning")
                .doesNotContain("I should read the test first.")
                .doesNotContain(ThoughtSignatures.PREFIX)
                .doesNotContain("\"thought\"");
    }

    @Test
    void putsTheSkipSentinelOnlyOnUnsignedCallsOfTheCurrentTurnForGemini3() {
        JsonNode gemini3 = protocol.writeRequest(CanonicalRequests.claudeCode());
        JsonNode gemini25 = protocol.writeRequest(CanonicalRequests.claudeCode().withModel("gemini-2.5-pro"));

        assertThat(signatures(gemini3))
                .containsExactly("Q2lnLXJlYWQ=", "c2lnLWJhc2g=", ThoughtSignatures.SKIP_VALIDATOR);
        assertThat(signatures(gemini25)).containsExactly("Q2lnLXJlYWQ=", "c2lnLWJhc2g=");
    }

    private static List<String> signatures(JsonNode body) {
        return body.get("contents")
                .valueStream()
                .flatMap(content -> content.get("parts").valueStream())
                .filter(part -> part.has("thoughtSignature"))
                .map(part -> part.get("thoughtSignature").stringValue())
                .toList();
    }

    @Test
    void answersEveryCallInTheNextTurnAndTurnsStrayResultsIntoText() {
        JsonNode contents =
                protocol.writeRequest(CanonicalRequests.claudeCode()).get("contents");

        for (int i = 0; i < contents.size(); i++) {
            JsonNode content = contents.get(i);
            long calls = content.get("parts")
                    .valueStream()
                    .filter(p -> p.has("functionCall"))
                    .count();
            if (calls > 0) {
                JsonNode next = contents.get(i + 1);
                assertThat(next.get("role").stringValue()).isEqualTo("user");
                assertThat(next.get("parts")
                                .valueStream()
                                .filter(p -> p.has("functionResponse"))
                                .count())
                        .as("responses after content " + i)
                        .isEqualTo(calls);
            }
            assertThat(content.get("parts")).as("content " + i).isNotEmpty();
            content.get("parts")
                    .forEach(part -> assertThat(part.path("text").asString("x")).isNotEmpty());
        }
        assertThat(contents.toString())
                .contains(GeminiContentWriter.MISSING_RESULT)
                .contains("Result of tool call toolu_unknown:\\nlate");
    }

    @Test
    void omitsParametersOfToolsWithoutArguments() {
        JsonNode declarations =
                protocol.writeRequest(CanonicalRequests.claudeCode()).at("/tools/0/functionDeclarations");

        assertThat(declarations.get(3).get("name").stringValue()).isEqualTo("ListAgents");
        assertThat(declarations.get(3).has("parametersJsonSchema")).isFalse();
        assertThat(declarations.get(0).at("/parametersJsonSchema/$schema").isMissingNode())
                .isTrue();
        assertThat(declarations
                        .get(0)
                        .at("/parametersJsonSchema/additionalProperties")
                        .booleanValue())
                .isFalse();
    }

    @Test
    void dropsGoogleSearchNextToFunctionsOnGemini2Only() {
        ChatRequest request = CanonicalRequests.media();

        assertThat(protocol.writeRequest(request).get("tools")).hasSize(1);
        assertThat(protocol.writeRequest(request.withModel("gemini-3-flash")).get("tools"))
                .hasSize(2);
        assertThat(protocol.writeRequest(request.toBuilder()
                                .tools(List.of(CanonicalRequests.webSearch()))
                                .build())
                        .get("tools")
                        .toString())
                .isEqualTo("[{\"googleSearch\":{}}]");
    }

    @Test
    void mapsToolChoices() {
        assertThat(mode(new ToolChoice.Auto(false))).isEqualTo("{\"mode\":\"AUTO\"}");
        assertThat(mode(new ToolChoice.Any(false))).isEqualTo("{\"mode\":\"ANY\"}");
        assertThat(mode(new ToolChoice.None())).isEqualTo("{\"mode\":\"NONE\"}");
        assertThat(mode(new ToolChoice.Named("Grep", false)))
                .isEqualTo("{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"Grep\"]}");
        assertThat(mode(new ToolChoice.Named("web_search", false))).isEqualTo("{\"mode\":\"AUTO\"}");
    }

    private String mode(ToolChoice choice) {
        ChatRequest request =
                CanonicalRequests.claudeCode().toBuilder().toolChoice(choice).build();
        return protocol.writeRequest(request)
                .at("/toolConfig/functionCallingConfig")
                .toString();
    }

    @Test
    void mapsThinkingSettings() {
        assertThat(thinking(new Thinking.Enabled(2048), null, "gemini-2.5-flash"))
                .isEqualTo("{\"thinkingBudget\":2048,\"includeThoughts\":true}");
        assertThat(thinking(new Thinking.Disabled(), null, "gemini-2.5-flash")).isEqualTo("{\"thinkingBudget\":0}");
        assertThat(thinking(new Thinking.Disabled(), null, "gemini-2.5-pro")).isEqualTo("null");
        assertThat(thinking(null, "low", "gemini-2.5-flash"))
                .isEqualTo("{\"thinkingBudget\":1024,\"includeThoughts\":true}");
        assertThat(thinking(new Thinking.Adaptive(null), "medium", "gemini-2.5-flash"))
                .isEqualTo("{\"thinkingBudget\":8192,\"includeThoughts\":true}");
        assertThat(thinking(new Thinking.Adaptive("omitted"), "xhigh", "gemini-2.5-flash"))
                .isEqualTo("{\"thinkingBudget\":24576,\"includeThoughts\":false}");
        assertThat(thinking(new Thinking.Adaptive("summarized"), null, "gemini-2.5-flash"))
                .isEqualTo("{\"includeThoughts\":true}");
        assertThat(thinking(new Thinking.Adaptive("omitted"), null, "gemini-2.5-flash"))
                .isEqualTo("null");
        assertThat(thinking(null, null, "gemini-2.5-flash")).isEqualTo("null");
    }

    private static String thinking(Thinking thinking, String effort, String model) {
        return String.valueOf(GeminiRequestWriter.thinkingConfig(thinking, effort, model));
    }

    @Test
    void foldsSystemNotesIntoTheAdjacentUserTurn() {
        ChatRequest request = ChatRequest.builder()
                .model("gemini-2.5-flash")
                .messages(List.of(
                        Message.of(Role.SYSTEM, "Be brief."),
                        Message.of(Role.USER, "hi"),
                        Message.of(Role.ASSISTANT, "hello"),
                        new Message(Role.ASSISTANT, List.of(Content.Text.of(""), Content.Text.of("again"))),
                        Message.of(Role.SYSTEM, "Note.")))
                .build();

        assertThat(protocol.writeRequest(request).get("contents").toString())
                .isEqualTo("[{\"role\":\"user\",\"parts\":[{\"text\":\"Be brief.\"},{\"text\":\"hi\"}]},"
                        + "{\"role\":\"model\",\"parts\":[{\"text\":\"hello\"},{\"text\":\"again\"}]},"
                        + "{\"role\":\"user\",\"parts\":[{\"text\":\"Note.\"}]}]");
    }

    @Test
    void readsTheMajorVersionFromTheModelName() {
        assertThat(GeminiRequestWriter.majorVersion("gemini-3-pro-preview")).isEqualTo(3);
        assertThat(GeminiRequestWriter.majorVersion("models/gemini-2.5-flash")).isEqualTo(2);
        assertThat(GeminiRequestWriter.majorVersion("google/gemini-10-ultra")).isEqualTo(10);
        assertThat(GeminiRequestWriter.majorVersion("my-alias")).isZero();
    }
}
