package dev.modelrouter.protocol.responses;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.Sampling;
import dev.modelrouter.model.Thinking;
import dev.modelrouter.model.Tool;
import dev.modelrouter.model.ToolChoice;
import dev.modelrouter.protocol.WireJson;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whatever canonical request the Anthropic side produces, the Responses body is well formed: no empty
 * content anywhere, every call paired with exactly one output, names and call ids within 64 characters,
 * and only our own reasoning replayed.
 */
class ResponsesRequestProperties {

    private static final List<String> CALL_IDS =
            List.of("call_1", "toolu_2", "functions.Read:0", CanonicalRequests.LONG_CALL_ID);
    private static final List<String> TOOL_NAMES = List.of("Read", "Bash", CanonicalRequests.MCP_TOOL);

    private final ResponsesProtocol protocol = new ResponsesProtocol();

    @Property(tries = 400)
    void writesWellFormedBodies(@ForAll("requests") ChatRequest request) {
        ObjectNode body = protocol.writeRequest(request);

        JsonNode input = body.get("input");
        assertThat(input.isArray()).isTrue();
        Set<String> calls = new HashSet<>();
        Set<String> outputs = new HashSet<>();
        int callCount = 0;
        int outputCount = 0;
        for (JsonNode item : input) {
            String type = item.get("type").stringValue();
            switch (type) {
                case "message" -> {
                    assertThat(item.get("content").isEmpty())
                            .as(item.toString())
                            .isFalse();
                    for (JsonNode part : item.get("content")) {
                        if (part.has("text")) {
                            assertThat(part.get("text").stringValue())
                                    .as(item.toString())
                                    .isNotEmpty();
                        }
                    }
                }
                case "function_call" -> {
                    callCount++;
                    calls.add(item.get("call_id").stringValue());
                    assertThat(item.get("name").stringValue().length()).isBetween(1, 64);
                    assertThat(WireJson.parse(item.get("arguments").stringValue())
                                    .isObject())
                            .isTrue();
                }
                case "function_call_output" -> {
                    outputCount++;
                    outputs.add(item.get("call_id").stringValue());
                    assertThat(item.get("output").stringValue()).isNotBlank();
                }
                case "reasoning" -> {
                    assertThat(item.get("encrypted_content").stringValue()).isNotEmpty();
                    assertThat(item.has("summary")).isTrue();
                    item.get("summary")
                            .forEach(part ->
                                    assertThat(part.get("text").stringValue()).isNotEmpty());
                }
                default -> throw new AssertionError("unexpected item " + item);
            }
        }
        assertThat(calls).allSatisfy(id -> assertThat(id.length()).isLessThanOrEqualTo(64));
        assertThat(outputs).isEqualTo(calls);
        assertThat(outputCount).isEqualTo(callCount);
        long toolUses = request.messages().stream()
                .filter(m -> m.role() == Role.ASSISTANT)
                .flatMap(m -> m.content().stream())
                .filter(Content.ToolUse.class::isInstance)
                .count();
        assertThat(callCount).isEqualTo(toolUses);
        if (body.has("tools")) {
            body.get("tools").forEach(tool -> {
                if (tool.has("name")) {
                    assertThat(tool.get("name").stringValue().length()).isLessThanOrEqualTo(64);
                    assertThat(tool.get("strict").asBoolean()).isFalse();
                }
            });
        }
        if (body.has("instructions")) {
            assertThat(body.get("instructions").stringValue()).isNotEmpty();
        }
        assertThat(body.get("store").asBoolean()).isFalse();
    }

    private static Arbitrary<String> text() {
        return Arbitraries.strings()
                .alpha()
                .numeric()
                .withChars(' ', '\n', '"', 'é')
                .ofMaxLength(12);
    }

    private static Arbitrary<Content> block() {
        Arbitrary<Content.Source> source = Arbitraries.oneOf(
                Arbitraries.just(new Content.Source.Base64("QUJD")),
                Arbitraries.just(new Content.Source.Url("https://example.com/x")),
                Arbitraries.just(new Content.Source.File("file_1")),
                text().map(Content.Source.PlainText::new));
        Arbitrary<Content> simple = Arbitraries.oneOf(
                text().map(Content.Text::of),
                source.map(s -> new Content.Image("image/png", s, null)),
                Combinators.combine(source, Arbitraries.of("application/pdf", "text/plain"))
                        .as((s, type) -> new Content.Document(type, s, null, null, null)));
        Arbitrary<String> signature = Arbitraries.of(
                "",
                "EqQBCkYIBxgCKkB",
                CanonicalRequests.OUR_SIGNATURE,
                CanonicalRequests.OUR_SIGNATURE_2,
                ReasoningSignature.PREFIX + "garbage");
        return Arbitraries.oneOf(
                simple,
                Combinators.combine(Arbitraries.of(CALL_IDS), Arbitraries.of(TOOL_NAMES))
                        .as((id, name) -> new Content.ToolUse(id, name, WireJson.object(), null)),
                Combinators.combine(Arbitraries.of(CALL_IDS), simple.list().ofMaxSize(3), Arbitraries.of(true, false))
                        .as((id, content, error) -> new Content.ToolResult(id, content, error, null)),
                Combinators.combine(text(), signature).as((t, s) -> new Content.Thinking(t, s.isEmpty() ? null : s)),
                Arbitraries.just(new Content.RedactedThinking("r")),
                Arbitraries.just(new Content.ServerToolUse("srv_1", "web_search", WireJson.object())),
                Arbitraries.just(new Content.ServerToolResult("web_search_tool_result", "srv_1", WireJson.array())));
    }

    @Provide
    Arbitrary<ChatRequest> requests() {
        Arbitrary<Message> message = Combinators.combine(
                        Arbitraries.of(Role.class), block().list().ofMaxSize(5))
                .as(Message::new);
        Arbitrary<Tool> tool = Arbitraries.oneOf(
                Arbitraries.of(TOOL_NAMES).map(name -> (Tool) new Tool.Function(name, null, WireJson.object(), null)),
                Arbitraries.just(CanonicalRequests.webSearch()),
                Arbitraries.just(CanonicalRequests.webFetch()));
        Arbitrary<ToolChoice> choice = Arbitraries.oneOf(
                Arbitraries.just(new ToolChoice.Auto(true)),
                Arbitraries.just(new ToolChoice.Any(false)),
                Arbitraries.just(new ToolChoice.None()),
                Arbitraries.of(TOOL_NAMES).map(name -> new ToolChoice.Named(name, true)));
        Arbitrary<Thinking> thinking = Arbitraries.oneOf(
                Arbitraries.integers().between(1, 64000).map(Thinking.Enabled::new),
                Arbitraries.just(new Thinking.Adaptive(null)),
                Arbitraries.just(new Thinking.Disabled()));
        return Combinators.combine(
                        text().map(Content.Text::of).list().ofMaxSize(3),
                        message.list().ofMaxSize(8),
                        tool.list().ofMaxSize(4).uniqueElements(Tool::name),
                        choice.injectNull(0.3),
                        thinking.injectNull(0.3),
                        Arbitraries.integers().between(1, 100000).injectNull(0.3))
                .as((system, messages, tools, toolChoice, think, maxTokens) -> ChatRequest.builder()
                        .model("m")
                        .system(system)
                        .messages(messages)
                        .tools(tools)
                        .toolChoice(toolChoice)
                        .thinking(think)
                        .sampling(Sampling.DEFAULT.withMaxTokens(maxTokens))
                        .build());
    }
}
