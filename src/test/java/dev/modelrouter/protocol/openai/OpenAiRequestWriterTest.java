package dev.modelrouter.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.ToolChoice;
import dev.modelrouter.protocol.ToolNames;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class OpenAiRequestWriterTest {

    private final OpenAiProtocol protocol = new OpenAiProtocol();

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("claude-code-tools", (Supplier<ChatRequest>) CanonicalRequests::claudeCode),
                Arguments.of("images", (Supplier<ChatRequest>) CanonicalRequests::images),
                Arguments.of("documents", (Supplier<ChatRequest>) CanonicalRequests::documents),
                Arguments.of("deepseek-thinking", (Supplier<ChatRequest>) CanonicalRequests::deepSeekThinking),
                Arguments.of("parallel-tool-calls", (Supplier<ChatRequest>) CanonicalRequests::parallelToolCalls));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void writesUpstreamBodyMatchingGoldenFile(String name, Supplier<ChatRequest> request) {
        Golden.assertJson(name + ".request.json", protocol.writeRequest(request.get()));
    }

    @Test
    void dropsBillingHeaderOnlyWhenItIsTheFirstSystemBlock() {
        ChatRequest request = ChatRequest.builder()
                .model("m")
                .system(List.of(Content.Text.of("Intro"), Content.Text.of("x-anthropic-billing-header: cc_version=1")))
                .messages(List.of(Message.of(Role.USER, "hi")))
                .build();

        JsonNode body = protocol.writeRequest(request);

        assertThat(body.at("/messages/0/content").stringValue())
                .isEqualTo("Intro\n\nx-anthropic-billing-header: cc_version=1");
    }

    @Test
    void sendsNoToolFieldsWhenOnlyServerToolsRemain() {
        ChatRequest request = ChatRequest.builder()
                .model("m")
                .messages(List.of(Message.of(Role.USER, "search")))
                .tools(List.of(CanonicalRequests.webSearch()))
                .toolChoice(new ToolChoice.Auto(true))
                .build();

        JsonNode body = protocol.writeRequest(request);

        assertThat(body.has("tools")).isFalse();
        assertThat(body.has("tool_choice")).isFalse();
        assertThat(body.has("parallel_tool_calls")).isFalse();
    }

    @Test
    void shortensLongToolNamesConsistentlyAndMapsThemBack() {
        ChatRequest request = CanonicalRequests.claudeCode();
        String wire = ToolNames.shorten(CanonicalRequests.MCP_TOOL);

        JsonNode body = protocol.writeRequest(request);

        assertThat(wire).hasSize(64);
        assertThat(body.at("/tools/1/function/name").stringValue()).isEqualTo(wire);
        assertThat(body.toString()).contains("\"name\":\"" + wire + "\"");
        assertThat(ToolNames.of(request).original(wire)).isEqualTo(CanonicalRequests.MCP_TOOL);
        assertThat(ToolNames.of(request).original("Bash")).isEqualTo("Bash");
    }
}
