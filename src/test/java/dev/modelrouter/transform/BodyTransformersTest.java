package dev.modelrouter.transform;

import static dev.modelrouter.transform.Fixtures.json;
import static dev.modelrouter.transform.Fixtures.route;
import static dev.modelrouter.transform.Fixtures.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.model.CacheControl;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.spi.Transformer;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.node.ObjectNode;

/** The provider-body side of the built-ins, on small hand-written bodies (the golden files cover whole ones). */
class BodyTransformersTest {

    private static ObjectNode apply(String name, String options, String body) {
        return apply(name, options, body, "m");
    }

    private static ObjectNode apply(String name, String options, String body, String model) {
        Transformer transformer =
                TransformerRegistry.withBuiltIns().find(name).orElseThrow().create(json(options));
        return transformer.transformBody((ObjectNode) json(body), route(model));
    }

    @Test
    void maxcompletiontokensRenamesTheLimit() {
        assertThat(apply("maxcompletiontokens", "{}", "{\"model\": \"o3\", \"max_tokens\": 100}"))
                .isEqualTo(json("{\"model\": \"o3\", \"max_completion_tokens\": 100}"));
        assertThat(apply("maxcompletiontokens", "{}", "{\"model\": \"o3\"}")).isEqualTo(json("{\"model\": \"o3\"}"));
    }

    @Test
    void streamoptionsAsksForUsageOnlyWhenStreaming() {
        assertThat(apply("streamoptions", "{}", "{\"stream\": true, \"stream_options\": {\"x\": 1}}"))
                .isEqualTo(json("{\"stream\": true, \"stream_options\": {\"x\": 1, \"include_usage\": true}}"));
        assertThat(apply("streamoptions", "{}", "{\"stream\": false}")).isEqualTo(json("{\"stream\": false}"));
    }

    @Test
    void customparamsDeepMergesItsOptions() {
        assertThat(apply(
                        "customparams",
                        "{\"chat_template_kwargs\": {\"thinking\": true}, \"seed\": 7, \"stop\": [\"x\"]}",
                        "{\"chat_template_kwargs\": {\"a\": 1}, \"stop\": [\"y\", \"z\"], \"seed\": 1}"))
                .isEqualTo(json(
                        "{\"chat_template_kwargs\": {\"a\": 1, \"thinking\": true}, \"stop\": [\"x\"], \"seed\": 7}"));
    }

    @Test
    void samplingPutsWhatOpenAiChatCannotSayIntoTheBody() {
        assertThat(apply("sampling", "{\"top_k\": 20, \"repetition_penalty\": 1.1}", "{\"messages\": []}"))
                .isEqualTo(json("{\"messages\": [], \"top_k\": 20, \"repetition_penalty\": 1.1}"));
        assertThat(apply("sampling", "{\"top_k\": 20}", "{\"messages\": [], \"top_k\": 20}"))
                .isEqualTo(json("{\"messages\": [], \"top_k\": 20}"));
        assertThat(apply("sampling", "{\"top_k\": 20}", "{\"contents\": []}")).isEqualTo(json("{\"contents\": []}"));
    }

    @Test
    void groqRemovesTheFieldsGroqRejects() {
        assertThat(apply("groq", "{}", """
                {"messages": [{"role": "assistant", "content": "x", "reasoning_content": "r", "reasoning": "r"},
                              {"role": "user", "content": [{"type": "text", "text": "y", "cache_control": {}}]}],
                 "tools": [{"type": "function", "function": {"name": "f",
                            "parameters": {"$schema": "s", "type": "object"}}}],
                 "top_k": 3, "store": false, "prompt_cache_key": "k", "reasoning": {}}""")).isEqualTo(json("""
                {"messages": [{"role": "assistant", "content": "x"},
                              {"role": "user", "content": [{"type": "text", "text": "y"}]}],
                 "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]}"""));
    }

    @Test
    void deepseekRemovesTopK() {
        assertThat(apply("deepseek", "{}", "{\"top_k\": 3, \"max_tokens\": 10}"))
                .isEqualTo(json("{\"max_tokens\": 10}"));
    }

    @Test
    void cleancacheRemovesBreakpointsLeftInTheBody() {
        assertThat(apply("cleancache", "{}", """
                {"system": [{"type": "text", "text": "s", "cache_control": {"type": "ephemeral"}}],
                 "messages": [{"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t",
                     "cache_control": {}, "content": [{"type": "text", "text": "x", "cache_control": {}}]}]}],
                 "tools": [{"name": "f", "cache_control": {}}]}""")).isEqualTo(json("""
                {"system": [{"type": "text", "text": "s"}],
                 "messages": [{"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t",
                     "content": [{"type": "text", "text": "x"}]}]}],
                 "tools": [{"name": "f"}]}"""));
    }

    @Test
    void openrouterMarksAToolResultBreakpointOnItsToolMessage() {
        Transformer openrouter = OpenRouterTransformer.factory().create(Json.object());
        ChatRequest request = ChatRequest.builder()
                .model("anthropic/claude-opus-4")
                .addMessage(new Message(
                        Role.USER,
                        List.of(new Content.ToolResult(
                                "call_1", List.of(Content.Text.of("out")), false, CacheControl.EPHEMERAL))))
                .build();

        ChatRequest routed = openrouter.transformRequest(request, route("anthropic/claude-opus-4"));
        ObjectNode body = (ObjectNode) json("""
                {"model": "anthropic/claude-opus-4",
                 "messages": [{"role": "tool", "tool_call_id": "call_1", "content": "out"}]}""");
        body.set(
                OpenRouterTransformer.BREAKPOINTS,
                routed.extensions().get("openai." + OpenRouterTransformer.BREAKPOINTS));

        assertThat(openrouter.transformBody(body, route("anthropic/claude-opus-4")))
                .isEqualTo(json("""
                {"model": "anthropic/claude-opus-4",
                 "messages": [{"role": "tool", "tool_call_id": "call_1",
                               "content": [{"type": "text", "text": "out", "cache_control": {"type": "ephemeral"}}]}]}"""));
    }

    @Test
    void openrouterLeavesOtherModelsRequestsAlone() {
        Transformer openrouter = OpenRouterTransformer.factory().create(Json.object());
        ChatRequest request = Fixtures.hello(new Content.Text("x", CacheControl.EPHEMERAL));

        assertThat(openrouter.transformRequest(request, route("openai/gpt-5"))).isSameAs(request);
    }

    @Test
    void openrouterRejectsMalformedProviderRouting() {
        assertThatThrownBy(() -> OpenRouterTransformer.factory().create(json("{\"provider\": {\"order\": \"groq\"}}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("openrouter: option 'provider.order' must be an array of strings, got \"groq\"");
    }

    @Test
    void openrouterGivesNumberedToolCallsUniqueIds() {
        Transformer openrouter = OpenRouterTransformer.factory().create(Json.object());
        Flux<StreamEvent> events = Flux.just(
                start(),
                new StreamEvent.BlockStart(0, new Content.ToolUse("0", "Bash", Json.object(), null)),
                new StreamEvent.BlockStop(0),
                new StreamEvent.BlockStart(1, new Content.ToolUse("toolu_1", "Bash", Json.object(), null)),
                new StreamEvent.BlockStop(1),
                new StreamEvent.Stop(StopReason.TOOL_USE, null, Fixtures.USAGE));

        List<StreamEvent> out =
                openrouter.transformResponse(events, route("x/y")).collectList().block();

        StreamShape.assertWellFormed(out);
        Content.ToolUse first = (Content.ToolUse) ((StreamEvent.BlockStart) out.get(1)).block();
        Content.ToolUse second = (Content.ToolUse) ((StreamEvent.BlockStart) out.get(3)).block();
        assertThat(first.id()).matches("call_[0-9a-f]{24}");
        assertThat(second.id()).isEqualTo("toolu_1");
    }
}
