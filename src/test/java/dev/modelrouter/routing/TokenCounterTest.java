package dev.modelrouter.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.Tool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TokenCounterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TokenCounter counter = new TokenCounter();

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private static Map<Class<?>, Content> everyContent() {
        Map<Class<?>, Content> samples = new LinkedHashMap<>();
        samples.put(Content.Text.class, Content.Text.of("hello there"));
        samples.put(Content.Image.class, new Content.Image("image/png", new Content.Source.Base64("AAAA"), null));
        samples.put(
                Content.Document.class,
                new Content.Document("text/plain", new Content.Source.PlainText("a document"), null, null, null));
        samples.put(Content.ToolUse.class, new Content.ToolUse("toolu_1", "Bash", json("{\"command\":\"ls\"}"), null));
        samples.put(
                Content.ToolResult.class,
                new Content.ToolResult("toolu_1", List.of(new Content.ToolReference("WebFetch")), false, null));
        samples.put(Content.ToolReference.class, new Content.ToolReference("WebFetch"));
        samples.put(Content.Thinking.class, new Content.Thinking("let me think", "sig"));
        samples.put(Content.RedactedThinking.class, new Content.RedactedThinking("opaque"));
        samples.put(
                Content.ServerToolUse.class,
                new Content.ServerToolUse("srvtoolu_1", "web_search", json("{\"query\":\"x\"}")));
        samples.put(
                Content.ServerToolResult.class,
                new Content.ServerToolResult("web_search_tool_result", "srvtoolu_1", json("[]")));
        assertThat(samples.keySet()).containsExactlyInAnyOrder(Content.class.getPermittedSubclasses());
        return samples;
    }

    private static ChatRequest with(Content block) {
        return ChatRequest.builder()
                .model("m")
                .messages(List.of(new Message(Role.USER, List.of(block))))
                .build();
    }

    @Test
    void countsEveryContentKindAndTraitsOfEveryKind() {
        for (Content block : everyContent().values()) {
            ChatRequest request = with(block);
            assertThat(counter.count(request)).as(block.toString()).isNotNegative();
            assertThat(TraitsOf.of(request, counter).tokens().getAsInt())
                    .as(block.toString())
                    .isNotNegative();
        }
    }

    @Test
    void countsToolReferencesByTheirToolName() {
        Content reference = new Content.ToolReference("WebFetch");

        assertThat(counter.count(with(reference)))
                .isEqualTo(counter.count("WebFetch"))
                .isPositive();
        assertThat(counter.count(with(new Content.ToolResult("toolu_1", List.of(reference), false, null))))
                .isEqualTo(counter.count("WebFetch"));
    }

    @Test
    void countsCustomToolsTheSameWithOrWithoutExtras() {
        JsonNode schema = json("{\"type\":\"object\",\"properties\":{}}");
        ChatRequest plain = ChatRequest.builder()
                .model("m")
                .tools(List.of(new Tool.Function("WebFetch", "Fetches", schema, null)))
                .build();
        ChatRequest deferred = plain.toBuilder()
                .tools(List.of(
                        new Tool.Function("WebFetch", "Fetches", schema, null, Map.of("defer_loading", json("true")))))
                .build();

        assertThat(counter.count(deferred)).isEqualTo(counter.count(plain)).isPositive();
    }
}
