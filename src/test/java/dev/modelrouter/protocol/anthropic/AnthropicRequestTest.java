package dev.modelrouter.protocol.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.model.CacheControl;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.Thinking;
import dev.modelrouter.model.Tool;
import dev.modelrouter.model.ToolChoice;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class AnthropicRequestTest {

    private final AnthropicProtocol protocol = new AnthropicProtocol();

    @ParameterizedTest
    @ValueSource(strings = {"claude-code.request.json", "sampling.request.json", "tool-search.request.json"})
    void roundTripsRequestBodies(String fixture) {
        JsonNode body = Fixtures.json(fixture);

        JsonNode written = protocol.writeRequest(protocol.readRequest(body));

        assertThat(written).isEqualTo(body);
    }

    @Test
    void readsClaudeCodeRequest() {
        ChatRequest request = protocol.readRequest(Fixtures.json("claude-code.request.json"));

        assertThat(request.model()).isEqualTo("claude-opus-5-5");
        assertThat(request.sampling().maxTokens()).isEqualTo(64000);
        assertThat(request.system()).hasSize(3);
        assertThat(request.system().get(0).cache()).isNull();
        assertThat(request.system().get(1).cache()).isEqualTo(CacheControl.EPHEMERAL);
        assertThat(request.system().get(2).cache()).isEqualTo(new CacheControl("1h"));
        assertThat(request.messages())
                .extracting(Message::role)
                .containsExactly(
                        Role.USER,
                        Role.ASSISTANT,
                        Role.USER,
                        Role.ASSISTANT,
                        Role.USER,
                        Role.SYSTEM,
                        Role.ASSISTANT,
                        Role.USER);
        assertThat(request.thinking()).isEqualTo(new Thinking.Adaptive("omitted"));
        assertThat(request.effort()).isEqualTo("high");
        assertThat(request.stream()).isTrue();
        assertThat(request.user()).startsWith("{\"device_id\":");
        assertThat(request.extensions()).containsOnlyKeys("context_management");
        assertThat(request.tools()).hasSize(3);
        assertThat(request.tools().get(1))
                .isInstanceOfSatisfying(
                        Tool.Function.class, read -> assertThat(read.cache()).isEqualTo(CacheControl.EPHEMERAL));
        assertThat(request.tools().get(2)).isInstanceOfSatisfying(Tool.Server.class, server -> {
            assertThat(server.isWebSearch()).isTrue();
            assertThat(server.name()).isEqualTo("web_search");
            assertThat(server.definition().get("max_uses").intValue()).isEqualTo(5);
        });
    }

    @Test
    void readsEveryBlockKindOfClaudeCodeRequest() {
        List<Message> messages =
                protocol.readRequest(Fixtures.json("claude-code.request.json")).messages();

        assertThat(messages.get(0).content().get(2)).isInstanceOfSatisfying(Content.Image.class, image -> {
            assertThat(image.mediaType()).isEqualTo("image/png");
            assertThat(image.source()).isInstanceOf(Content.Source.Base64.class);
        });
        assertThat(messages.get(1).content().get(0))
                .isInstanceOfSatisfying(
                        Content.Thinking.class,
                        thinking -> assertThat(thinking.signature()).startsWith("EqQB"));
        assertThat(messages.get(2).content().get(0))
                .isEqualTo(new Content.ToolResult(
                        "toolu_01A09q90qw90lq917835lq9",
                        List.of(Content.Text.of("[ERROR] Tests run: 3, Failures: 1")),
                        true,
                        null));
        assertThat(messages.get(3).content().get(0)).isInstanceOf(Content.RedactedThinking.class);
        Content.ToolResult pdf = (Content.ToolResult) messages.get(4).content().get(1);
        assertThat(pdf.content().get(0)).isInstanceOfSatisfying(Content.Document.class, doc -> {
            assertThat(doc.mediaType()).isEqualTo("application/pdf");
            assertThat(doc.title()).isEqualTo("spec.pdf");
        });
        assertThat(pdf.content().get(1))
                .isInstanceOfSatisfying(
                        Content.Image.class,
                        image -> assertThat(image.source())
                                .isEqualTo(new Content.Source.Url("https://example.com/diagram.png")));
        assertThat(messages.get(6).content())
                .extracting(Object::getClass)
                .containsExactly(Content.ServerToolUse.class, Content.ServerToolResult.class, Content.Text.class);
        assertThat(messages.get(7).content().get(0))
                .isEqualTo(new Content.Document(
                        "text/plain",
                        new Content.Source.PlainText("build.log contents"),
                        "build.log",
                        "the failing build",
                        null));
        assertThat(messages.get(7).content().get(2))
                .isInstanceOfSatisfying(
                        Content.Document.class,
                        doc -> assertThat(doc.source())
                                .isEqualTo(new Content.Source.File("file_011CNha8iCJcU1wXNR6q4V8w")));
    }

    @Test
    void readsToolReferencesAndCustomToolExtras() {
        ChatRequest request = protocol.readRequest(Fixtures.json("tool-search.request.json"));

        assertThat(request.messages().get(0).bareText()).isTrue();
        assertThat(request.messages().get(2).content().get(0))
                .isEqualTo(new Content.ToolResult(
                        "toolu_01S",
                        List.of(new Content.ToolReference("WebFetch"), new Content.ToolReference("CronCreate")),
                        false,
                        null));
        assertThat(request.tools().get(0))
                .isInstanceOfSatisfying(
                        Tool.Function.class,
                        search -> assertThat(search.extras()).isEmpty());
        assertThat(request.tools().get(1)).isInstanceOfSatisfying(Tool.Function.class, fetch -> {
            assertThat(fetch.extras()).containsOnlyKeys("defer_loading", "strict", "input_examples");
            assertThat(fetch.extras().get("defer_loading").booleanValue()).isTrue();
        });
        assertThat(request.tools().get(2)).isInstanceOfSatisfying(Tool.Function.class, cron -> {
            assertThat(cron.cache()).isEqualTo(CacheControl.EPHEMERAL);
            assertThat(cron.extras()).containsOnlyKeys("type", "defer_loading");
        });
    }

    @Test
    void keepsUnknownMetadataAndOutputConfigKeysForAnthropic() {
        JsonNode body = Fixtures.parse("{\"model\":\"m\",\"max_tokens\":1,\"messages\":[],"
                + "\"metadata\":{\"user_id\":\"u1\",\"trace\":{\"id\":7}},"
                + "\"output_config\":{\"effort\":\"low\",\"task_budget\":{\"total\":9}}}");

        ChatRequest request = protocol.readRequest(body);

        assertThat(request.user()).isEqualTo("u1");
        assertThat(request.effort()).isEqualTo("low");
        assertThat(request.extensions().get("metadata")).isEqualTo(Fixtures.parse("{\"trace\":{\"id\":7}}"));
        assertThat(request.extensions().get("output_config"))
                .isEqualTo(Fixtures.parse("{\"task_budget\":{\"total\":9}}"));
        assertThat(protocol.writeRequest(request)).isEqualTo(body);
        assertThat(protocol.writeRequest(
                                request.toBuilder().user("u2").effort(null).build())
                        .toString())
                .contains("\"metadata\":{\"trace\":{\"id\":7},\"user_id\":\"u2\"}")
                .contains("\"output_config\":{\"task_budget\":{\"total\":9}}");
    }

    @Test
    void keepsPerTurnFieldsAndBareStringContent() {
        JsonNode body = Fixtures.parse("{\"model\":\"m\",\"max_tokens\":1,\"tools\":[],\"messages\":["
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]},"
                + "{\"role\":\"system\",\"content\":\"env\",\"output_config\":{\"effort\":\"medium\"}}]}");

        ChatRequest request = protocol.readRequest(body);

        assertThat(request.messages().get(0).bareText()).isFalse();
        assertThat(request.messages().get(1).bareText()).isTrue();
        assertThat(request.messages().get(1).extensions()).containsOnlyKeys("output_config");
        assertThat(request.tools()).isEmpty();
        assertThat(protocol.writeRequest(request)).isEqualTo(body);
    }

    @Test
    void readsSamplingToolChoiceThinkingAndExtras() {
        ChatRequest request = protocol.readRequest(Fixtures.json("sampling.request.json"));

        assertThat(request.sampling().temperature()).isEqualTo(0.5);
        assertThat(request.sampling().topP()).isEqualTo(0.9);
        assertThat(request.sampling().topK()).isEqualTo(40);
        assertThat(request.sampling().stop()).containsExactly("\n\nHuman:", "END");
        assertThat(request.toolChoice()).isEqualTo(new ToolChoice.Named("get_weather", true));
        assertThat(request.thinking()).isEqualTo(new Thinking.Enabled(2048));
        assertThat(request.responseSchema().get("required").get(0).stringValue())
                .isEqualTo("title");
        assertThat(request.stream()).isFalse();
        assertThat(request.extensions())
                .containsOnlyKeys("service_tier", "container", "speed", "mcp_servers", "cache_control", "safeguards");
    }

    @Test
    void readsStringContentAndSystemRoleMessages() {
        ChatRequest request = protocol.readRequest(
                Fixtures.parse("{\"model\":\"m\",\"max_tokens\":1,\"system\":\"Be brief.\",\"messages\":["
                        + "{\"role\":\"user\",\"content\":\"Hi\"},"
                        + "{\"role\":\"system\",\"content\":\"You are powered by the model X.\"}]}"));

        assertThat(request.system()).containsExactly(Content.Text.of("Be brief."));
        assertThat(request.messages())
                .extracting(Message::content)
                .containsExactly(
                        List.of(Content.Text.of("Hi")), List.of(Content.Text.of("You are powered by the model X.")));
        assertThat(request.messages()).extracting(Message::role).containsExactly(Role.USER, Role.SYSTEM);
        assertThat(request.messages()).allMatch(Message::bareText);
    }

    @Test
    void readsEveryToolChoiceAndThinkingType() {
        String base = "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[],";
        assertThat(protocol.readRequest(Fixtures.parse(base + "\"tool_choice\":{\"type\":\"auto\"}}"))
                        .toolChoice())
                .isEqualTo(new ToolChoice.Auto(false));
        assertThat(protocol.readRequest(Fixtures.parse(
                                base + "\"tool_choice\":{\"type\":\"any\",\"disable_parallel_tool_use\":true}}"))
                        .toolChoice())
                .isEqualTo(new ToolChoice.Any(true));
        assertThat(protocol.readRequest(Fixtures.parse(base + "\"tool_choice\":{\"type\":\"none\"}}"))
                        .toolChoice())
                .isEqualTo(new ToolChoice.None());
        assertThat(protocol.readRequest(Fixtures.parse(base + "\"thinking\":{\"type\":\"disabled\"}}"))
                        .thinking())
                .isEqualTo(new Thinking.Disabled());
    }

    @Test
    void readsCountTokensBodyWithoutMaxTokens() {
        ChatRequest request = protocol.readCountTokensRequest(Fixtures.parse("{\"model\":\"m\",\"messages\":[]}"));

        assertThat(request.sampling().maxTokens()).isNull();
        assertThat(protocol.writeRequest(request).has("max_tokens")).isFalse();
    }

    static Stream<Arguments> invalidBodies() {
        String ok = "\"model\":\"m\",\"max_tokens\":10,";
        return Stream.of(
                Arguments.of("{\"max_tokens\":1,\"messages\":[]}", "model: required"),
                Arguments.of("{\"model\":\"m\",\"max_tokens\":1}", "messages: required"),
                Arguments.of("{\"model\":\"m\",\"messages\":[]}", "max_tokens: required"),
                Arguments.of("{\"model\":7,\"max_tokens\":1,\"messages\":[]}", "model: expected a string"),
                Arguments.of(
                        "{\"model\":\"m\",\"max_tokens\":\"9\",\"messages\":[]}", "max_tokens: expected an integer"),
                Arguments.of("{" + ok + "\"messages\":{}}", "messages: expected an array"),
                Arguments.of(
                        "{" + ok + "\"messages\":[{\"role\":\"bot\",\"content\":\"x\"}]}",
                        "messages.0.role: unknown role 'bot'"),
                Arguments.of("{" + ok + "\"messages\":[{\"role\":\"user\"}]}", "messages.0.content: required"),
                Arguments.of(
                        "{" + ok + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"foo\"}]}]}",
                        "messages.0.content.0: unknown block type 'foo'"),
                Arguments.of(
                        "{" + ok + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":1}]}]}",
                        "messages.0.content.0.text: expected a string"),
                Arguments.of(
                        "{" + ok + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\","
                                + "\"source\":{\"type\":\"ftp\"}}]}]}",
                        "messages.0.content.0.source: unknown image source type 'ftp'"),
                Arguments.of(
                        "{" + ok + "\"messages\":[],\"tools\":[{\"name\":\"f\"}]}", "tools.0.input_schema: required"),
                Arguments.of(
                        "{" + ok + "\"messages\":[],\"tool_choice\":{\"type\":\"some\"}}",
                        "tool_choice.type: unknown tool choice 'some'"),
                Arguments.of(
                        "{" + ok + "\"messages\":[],\"thinking\":{\"type\":\"enabled\"}}",
                        "thinking.budget_tokens: required"),
                Arguments.of(
                        "{" + ok + "\"messages\":[],\"system\":[{\"type\":\"image\",\"source\":{\"type\":\"url\","
                                + "\"url\":\"u\"}}]}",
                        "system.0: expected a text block"),
                Arguments.of("{" + ok + "\"messages\":[],\"temperature\":\"hot\"}", "temperature: expected a number"),
                Arguments.of("{" + ok + "\"messages\":[],\"stream\":\"yes\"}", "stream: expected a boolean"),
                Arguments.of("[]", "body: expected an object"));
    }

    @ParameterizedTest
    @MethodSource("invalidBodies")
    void rejectsInvalidBodiesNamingThePath(String body, String message) {
        assertThatThrownBy(() -> protocol.readRequest(Fixtures.parse(body)))
                .isInstanceOfSatisfying(RouterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(e.status()).isEqualTo(400);
                })
                .hasMessage(message);
    }

    @Test
    void writesSingleTextToolResultAsString() {
        ChatRequest request = ChatRequest.builder()
                .model("m")
                .addMessage(new Message(
                        Role.USER,
                        List.of(
                                new Content.ToolResult("t1", List.of(Content.Text.of("ok")), false, null),
                                new Content.ToolResult("t2", List.of(), false, null))))
                .build();

        JsonNode content = protocol.writeRequest(request).get("messages").get(0).get("content");

        assertThat(content)
                .isEqualTo(Fixtures.parse(
                        "[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"ok\",\"is_error\":false},"
                                + "{\"type\":\"tool_result\",\"tool_use_id\":\"t2\",\"is_error\":false}]"));
    }

    @Test
    void keepsTextOfContentSourcedDocuments() {
        ChatRequest request = protocol.readRequest(Fixtures.parse("{\"model\":\"m\",\"max_tokens\":1,\"messages\":["
                + "{\"role\":\"user\",\"content\":[{\"type\":\"document\",\"source\":{\"type\":\"content\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]}}]}]}"));

        assertThat(request.messages().get(0).content().get(0))
                .isEqualTo(new Content.Document("text/plain", new Content.Source.PlainText("a\nb"), null, null, null));
    }
}
