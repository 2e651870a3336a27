package dev.modelrouter.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.ToolChoice;
import dev.modelrouter.protocol.WireJson;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiRequestReaderTest {

    private final OpenAiProtocol protocol = new OpenAiProtocol();

    @Test
    void readsClientRequestIntoCanonicalForm() {
        ChatRequest request = protocol.readRequest(Golden.readJson("client-tools.request.json"));

        assertThat(request.model()).isEqualTo("gpt-4o");
        assertThat(request.system())
                .containsExactly(Content.Text.of("You are a coding agent."), Content.Text.of("Be brief."));
        List<Message> messages = request.messages();
        assertThat(messages)
                .extracting(Message::role)
                .containsExactly(Role.USER, Role.ASSISTANT, Role.USER, Role.SYSTEM, Role.ASSISTANT);
        assertThat(messages.get(0).content())
                .containsExactly(
                        Content.Text.of("What is in this image and file?"),
                        new Content.Image("image/png", new Content.Source.Base64("iVBORw0KGgo="), null),
                        new Content.Image(null, new Content.Source.Url("https://example.com/cat.jpg"), null),
                        new Content.Document(
                                "application/pdf", new Content.Source.Base64("JVBERi0="), "a.pdf", null, null));
        assertThat(messages.get(1).content())
                .containsExactly(
                        new Content.Thinking("Need to look.", null),
                        new Content.ToolUse("call_1", "Read", WireJson.parse("{\"path\":\"a.txt\"}"), null),
                        new Content.ToolUse("call_2", "ListAgents", WireJson.object(), null));
        assertThat(messages.get(2).content())
                .containsExactly(
                        new Content.ToolResult("call_1", List.of(Content.Text.of("hello")), false, null),
                        new Content.ToolResult("call_2", List.of(Content.Text.of("none")), false, null),
                        Content.Text.of("Go on"));
        assertThat(messages.get(3)).isEqualTo(Message.of(Role.SYSTEM, "Switched model."));
        assertThat(request.toolChoice()).isEqualTo(new ToolChoice.Named("Read", true));
        assertThat(request.tools()).extracting(t -> t.name()).containsExactly("Read", "ListAgents");
        assertThat(request.sampling().maxTokens()).isEqualTo(200);
        assertThat(request.sampling().temperature()).isEqualTo(0.2);
        assertThat(request.sampling().topP()).isEqualTo(0.9);
        assertThat(request.sampling().stop()).containsExactly("END");
        assertThat(request.stream()).isTrue();
        assertThat(request.effort()).isEqualTo("low");
        assertThat(request.responseSchema()).isEqualTo(WireJson.parse("{\"type\":\"object\"}"));
        assertThat(request.user()).isEqualTo("u-1");
        assertThat(request.extensions()).containsOnlyKeys("stream_options", "openai.seed", "openai.presence_penalty");
    }

    @Test
    void relaysClientRequestToOpenAiUpstream() {
        ChatRequest request = protocol.readRequest(Golden.readJson("client-tools.request.json"));

        Golden.assertJson("client-tools.upstream.json", protocol.writeRequest(request));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}" + "|model: required",
                "{\"model\":\"m\",\"messages\":[]}" + "|messages: must be a non-empty array",
                "{\"model\":\"m\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                        + "|n: n > 1 is not supported",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"},"
                        + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"f\",\"arguments\":\"{oops\"}}]}]}"
                        + "|messages.2.tool_calls.0.function.arguments: not valid JSON",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"f\",\"arguments\":\"[1]\"}}]}]}"
                        + "|messages.0.tool_calls.0.function.arguments: must be a JSON object",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}"
                        + "|messages.0.tool_call_id: required",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\"}]}]}"
                        + "|messages.0.content.0.type: \"input_audio\" is not supported",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"function\",\"content\":\"x\"}]}"
                        + "|messages.0.role: \"function\" is not supported",
                "{\"model\":\"m\",\"temperature\":\"hot\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                        + "|temperature: must be a number",
                "{\"model\":\"m\",\"tool_choice\":\"sometimes\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                        + "|tool_choice: \"sometimes\" is not supported",
                "{\"model\":\"m\",\"tools\":[{\"type\":\"web_search\"}],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                        + "|tools.0.type: \"web_search\" is not supported",
                "{\"model\":\"m\",\"tools\":{},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                        + "|tools: must be an array",
                "{\"model\":\"m\",\"tools\":[{\"type\":\"function\",\"function\":{}}],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                        + "|tools.0.function.name: required",
                "{\"model\":\"m\",\"max_tokens\":1.5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                        + "|max_tokens: must be an integer",
                "{\"model\":\"m\",\"max_tokens\":3000000000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                        + "|max_tokens: must be an integer"
            })
    void rejectsInvalidRequestNamingThePath(String body, String message) {
        assertThatThrownBy(() -> protocol.readRequest(WireJson.parse(body)))
                .isInstanceOfSatisfying(RouterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @Test
    void sanitizesForeignToolIdsOnCallsAndResultsAlike() {
        ChatRequest request = protocol.readRequest(WireJson.parse("{\"model\":\"m\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"go\"},"
                + "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"id\":\"functions.Bash:0\",\"type\":\"function\","
                + "\"function\":{\"name\":\"Bash\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"functions.Bash:0\",\"content\":\"ok\"}]}"));

        Content.ToolUse use =
                (Content.ToolUse) request.messages().get(1).content().get(0);
        Content.ToolResult result =
                (Content.ToolResult) request.messages().get(2).content().get(0);
        assertThat(use.id()).matches("[a-zA-Z0-9_-]+").isEqualTo(result.toolUseId());
    }
}
