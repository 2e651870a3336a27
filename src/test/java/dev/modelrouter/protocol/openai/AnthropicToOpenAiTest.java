package dev.modelrouter.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.protocol.ClaudeCodeFixtures;
import dev.modelrouter.protocol.anthropic.AnthropicProtocol;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Anthropic client requests, as Claude Code sends them, written for an OpenAI-compatible upstream:
 * every Anthropic-only field such an upstream would reject is dropped or mapped on purpose (one test
 * each), and nothing it accepts is lost.
 */
class AnthropicToOpenAiTest {

    private final AnthropicProtocol anthropic = new AnthropicProtocol();
    private final OpenAiProtocol openAi = new OpenAiProtocol();

    private JsonNode upstream(JsonNode anthropicBody) {
        return openAi.writeRequest(anthropic.readRequest(anthropicBody));
    }

    /** The string at {@code pointer} of each element. */
    private static List<String> each(JsonNode array, String pointer) {
        List<String> out = new ArrayList<>();
        array.forEach(element -> out.add(element.at(pointer).stringValue()));
        return out;
    }

    private static ObjectNode mainTurn() {
        return ClaudeCodeFixtures.request("main-turn.request.json");
    }

    @Test
    void writesTitleCallMatchingGoldenFile() {
        Golden.assertJson("claude-code-title.request.json", upstream(ClaudeCodeFixtures.request("title.request.json")));
    }

    @Test
    void writesToolReferencesAsTextOfTheToolMessage() {
        JsonNode body = upstream(ClaudeCodeFixtures.resource("fixtures/anthropic/tool-search.request.json"));

        Golden.assertJson("tool-search.request.json", body);
        assertThat(body.at("/messages/2/role").stringValue()).isEqualTo("tool");
        assertThat(body.at("/messages/2/content").stringValue())
                .isEqualTo("Tool WebFetch is now available.\nTool CronCreate is now available.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"main-turn.request.json", "tool-result-turn.request.json", "quota-probe.request.json"})
    void dropsCacheControlEverywhere(String fixture) {
        ObjectNode body = ClaudeCodeFixtures.request(fixture);
        assertThat(body.toString()).contains("cache_control");

        assertThat(upstream(body).findValue("cache_control")).isNull();
    }

    @Test
    void dropsTopLevelCacheControl() {
        ObjectNode body = mainTurn();
        body.putObject("cache_control").put("type", "ephemeral");

        assertThat(upstream(body).findValue("cache_control")).isNull();
    }

    @Test
    void dropsContextManagement() {
        ObjectNode body = mainTurn();
        assertThat(body.has("context_management")).isTrue();

        JsonNode out = upstream(body);

        assertThat(out.findValue("context_management")).isNull();
        assertThat(out.toString()).doesNotContain("clear_thinking");
    }

    @ParameterizedTest
    @ValueSource(strings = {"container", "service_tier", "speed", "mcp_servers"})
    void dropsOtherAnthropicOnlyTopLevelFields(String field) {
        ObjectNode body = mainTurn();
        body.set(field, ClaudeCodeFixtures.parse("{\"marker\":\"anthropic-only\"}"));

        JsonNode out = upstream(body);

        assertThat(out.has(field)).isFalse();
        assertThat(out.toString()).doesNotContain("anthropic-only");
    }

    @Test
    void dropsSafeguards() {
        ObjectNode body = ClaudeCodeFixtures.request("tui-main-turn.request.json");
        assertThat(body.has("safeguards")).isTrue();

        JsonNode out = upstream(body);

        assertThat(out.findValue("safeguards")).isNull();
        assertThat(out.toString()).doesNotContain("dangerous_tool_use").doesNotContain("classifier_context");
    }

    @Test
    void mapsOutputConfigEffortToReasoningEffort() {
        JsonNode out = upstream(mainTurn());

        assertThat(out.get("reasoning_effort").stringValue()).isEqualTo("medium");
        assertThat(out.findValue("output_config")).isNull();
    }

    @Test
    void dropsPerTurnOutputConfigOfSystemMessages() {
        ObjectNode body = mainTurn();
        body.remove("output_config");
        assertThat(body.at("/messages/1/output_config/effort").stringValue()).isEqualTo("medium");

        JsonNode out = upstream(body);

        assertThat(out.findValue("output_config")).isNull();
        assertThat(out.has("reasoning_effort")).isFalse();
    }

    @Test
    void mapsOutputConfigFormatToJsonSchemaResponseFormat() {
        ObjectNode body = ClaudeCodeFixtures.request("title.request.json");

        JsonNode format = upstream(body).get("response_format");

        assertThat(format.get("type").stringValue()).isEqualTo("json_schema");
        assertThat(format.at("/json_schema/name").stringValue()).isEqualTo("response");
        assertThat(format.at("/json_schema/schema")).isEqualTo(body.at("/output_config/format/schema"));
    }

    @Test
    void sendsNoReasoningForAdaptiveThinkingWithoutEffort() {
        ObjectNode body = mainTurn();
        body.remove("output_config");
        assertThat(body.at("/thinking/type").stringValue()).isEqualTo("adaptive");

        JsonNode out = upstream(body);

        assertThat(out.has("reasoning_effort")).isFalse();
        assertThat(out.has("thinking")).isFalse();
        assertThat(out.has("reasoning")).isFalse();
    }

    @Test
    void dropsServerToolsItCannotRun() {
        ObjectNode body = mainTurn();
        body.withArray("tools")
                .addObject()
                .put("type", "web_search_20250305")
                .put("name", "web_search")
                .put("max_uses", 5);

        JsonNode out = upstream(body);

        assertThat(out.get("tools")).hasSize(12);
        assertThat(each(out.get("tools"), "/function/name")).doesNotContain("web_search");
        assertThat(out.toString()).doesNotContain("web_search_20250305").doesNotContain("max_uses");
    }

    @Test
    void doesNotSendMetadataUserIdLongerThanOpenAiAccepts() {
        ObjectNode body = mainTurn();
        assertThat(body.at("/metadata/user_id").stringValue()).hasSizeGreaterThan(OpenAiRequestWriter.MAX_USER);

        JsonNode out = upstream(body);

        assertThat(out.has("user")).isFalse();
        assertThat(out.findValue("metadata")).isNull();
        assertThat(out.toString()).doesNotContain("device_id");
    }

    @Test
    void sendsShortMetadataUserIdAsUser() {
        ObjectNode body = mainTurn();
        body.putObject("metadata").put("user_id", "user-42").put("extra", "anthropic-only");

        JsonNode out = upstream(body);

        assertThat(out.get("user").stringValue()).isEqualTo("user-42");
        assertThat(out.toString()).doesNotContain("anthropic-only");
    }

    @Test
    void mapsSystemRoleMessagesToSystemMessages() {
        ObjectNode body = mainTurn();
        String environment = body.at("/messages/1/content/0/text").stringValue();

        JsonNode messages = upstream(body).get("messages");

        assertThat(each(messages, "/role")).containsExactly("system", "user", "system");
        assertThat(messages.at("/2/content").stringValue()).isEqualTo(environment);
    }

    @Test
    void mapsBareStringSystemRoleMessagesOfLaterTurns() {
        ObjectNode body = ClaudeCodeFixtures.request("tool-result-turn.request.json");
        String environment = body.at("/messages/1/content").stringValue();

        JsonNode messages = upstream(body).get("messages");

        assertThat(each(messages, "/role")).containsExactly("system", "user", "system", "assistant", "tool");
        assertThat(messages.at("/2/content").stringValue()).isEqualTo(environment);
        assertThat(messages.at("/4/content").stringValue()).isEqualTo("hi");
        assertThat(messages.at("/4/tool_call_id")).isEqualTo(messages.at("/3/tool_calls/0/id"));
    }

    @Test
    void dropsTheBillingHeaderSystemBlock() {
        ObjectNode body = mainTurn();
        assertThat(body.at("/system/0/text").stringValue()).startsWith("x-anthropic-billing-header:");

        String system = upstream(body).at("/messages/0/content").stringValue();

        assertThat(system).doesNotContain("x-anthropic-billing-header").doesNotContain("cc_version");
        assertThat(system).startsWith(body.at("/system/1/text").stringValue());
        assertThat(system).endsWith(body.at("/system/2/text").stringValue());
    }

    @Test
    void dropsEmptyToolsList() {
        ObjectNode body = ClaudeCodeFixtures.request("title.request.json");
        assertThat(body.get("tools")).isEmpty();

        assertThat(upstream(body).has("tools")).isFalse();
    }

    @Test
    void dropsDeferLoadingAndOtherAnthropicToolFieldsButMapsStrict() {
        JsonNode out = upstream(ClaudeCodeFixtures.resource("fixtures/anthropic/tool-search.request.json"));

        assertThat(out.findValue("defer_loading")).isNull();
        assertThat(out.findValue("input_examples")).isNull();
        assertThat(each(out.get("tools"), "/type")).containsOnly("function");
        assertThat(out.at("/tools/1/function/strict").booleanValue()).isTrue();
        assertThat(out.at("/tools/0/function").has("strict")).isFalse();
    }

    @Test
    void keepsEverythingTheUpstreamAccepts() {
        ObjectNode body = mainTurn();

        JsonNode out = upstream(body);

        assertThat(out.get("model").stringValue()).isEqualTo("claude-opus-5-5");
        assertThat(out.get("max_tokens").intValue()).isEqualTo(128000);
        assertThat(out.get("stream").booleanValue()).isTrue();
        assertThat(out.at("/stream_options/include_usage").booleanValue()).isTrue();
        List<String> names = new ArrayList<>();
        body.get("tools").forEach(tool -> names.add(tool.get("name").stringValue()));
        assertThat(each(out.get("tools"), "/function/name")).containsExactlyElementsOf(names);
        for (int i = 0; i < names.size(); i++) {
            assertThat(out.at("/tools/" + i + "/function/parameters"))
                    .isEqualTo(body.at("/tools/" + i + "/input_schema"));
            assertThat(out.at("/tools/" + i + "/function/description"))
                    .isEqualTo(body.at("/tools/" + i + "/description"));
        }
        String prompt = out.at("/messages/1/content").stringValue();
        assertThat(prompt)
                .contains(body.at("/messages/0/content/0/text").stringValue())
                .endsWith(body.at("/messages/0/content/1/text").stringValue());
    }

    @Test
    void keepsReadingTheSameRequestAfterConversion() {
        ChatRequest request = anthropic.readRequest(mainTurn());

        openAi.writeRequest(request);

        assertThat(anthropic.writeRequest(request)).isEqualTo(mainTurn());
    }
}
