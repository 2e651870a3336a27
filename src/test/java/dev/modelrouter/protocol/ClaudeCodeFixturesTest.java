package dev.modelrouter.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.Tool;
import dev.modelrouter.protocol.anthropic.AnthropicProtocol;
import dev.modelrouter.protocol.openai.OpenAiProtocol;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Every request Claude Code was recorded sending goes through the canonical model without loss. */
class ClaudeCodeFixturesTest {

    private final AnthropicProtocol anthropic = new AnthropicProtocol();
    private final OpenAiProtocol openAi = new OpenAiProtocol();

    static List<String> requests() {
        return ClaudeCodeFixtures.requests();
    }

    @Test
    void coversEveryRecordedCallKind() {
        assertThat(requests())
                .containsExactly(
                        "count-tokens-tool.request.json",
                        "count-tokens.request.json",
                        "main-turn.request.json",
                        "quota-probe.request.json",
                        "title.request.json",
                        "tool-result-turn.request.json",
                        "tui-main-turn.request.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void roundTripsThroughTheCanonicalModelExactly(String name) {
        JsonNode body = ClaudeCodeFixtures.request(name);

        JsonNode written = anthropic.writeRequest(read(name, body));

        assertThat(written).isEqualTo(body);
    }

    /**
     * Every system text (but Claude Code's billing header), message text, tool call (id, name, arguments), tool result (its call and its
     * text) and tool definition (name, description, schema) of the recording reaches the OpenAI body, and
     * the body has no more calls or results than the recording.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void convertsToAnOpenAiUpstreamRequestWithoutLoss(String name) {
        ChatRequest request = read(name, ClaudeCodeFixtures.request(name));

        ObjectNode body = openAi.writeRequest(request);

        OpenAiBody wire = new OpenAiBody(body);
        for (Content.Text system : request.system()) {
            if (system.text().startsWith("x-anthropic-billing-header:")) {
                continue; // dropped on purpose: it changes per request and would defeat prefix caching
            }
            assertThat(wire.texts("system"))
                    .as("system text")
                    .anySatisfy(text -> assertThat(text).contains(system.text()));
        }
        int calls = 0;
        int results = 0;
        for (Message message : request.messages()) {
            for (Content block : message.content()) {
                if (block instanceof Content.Text text) {
                    assertThat(wire.texts(role(message.role())))
                            .as("text")
                            .anySatisfy(t -> assertThat(t).contains(text.text()));
                } else if (block instanceof Content.ToolUse use) {
                    calls++;
                    assertThat(wire.call(use.id()))
                            .as(use.id())
                            .isEqualTo(WireJson.object()
                                    .put("name", use.name())
                                    .put("arguments", WireJson.write(use.input())));
                } else if (block instanceof Content.ToolResult result) {
                    results++;
                    String output = wire.toolOutput(result.toolUseId());
                    result.content().forEach(part -> assertThat(output).contains(((Content.Text) part).text()));
                } else {
                    throw new AssertionError(
                            "no check yet for " + block.getClass().getSimpleName() + " in " + name);
                }
            }
        }
        assertThat(wire.callCount()).isEqualTo(calls);
        assertThat(wire.toolOutputCount()).isEqualTo(results);
        assertThat(wire.tools()).hasSize(request.tools().size());
        for (Tool tool : request.tools()) {
            Tool.Function function = (Tool.Function) tool;
            assertThat(wire.tool(function.name()).path("description").asString(null))
                    .isEqualTo(function.description());
            assertThat(wire.tool(function.name()).get("parameters")).isEqualTo(function.inputSchema());
        }
    }

    private static String role(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    private ChatRequest read(String name, JsonNode body) {
        return ClaudeCodeFixtures.isCountTokens(name)
                ? anthropic.readCountTokensRequest(body)
                : anthropic.readRequest(body);
    }
}
