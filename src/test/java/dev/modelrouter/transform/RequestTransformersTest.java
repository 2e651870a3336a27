package dev.modelrouter.transform;

import static dev.modelrouter.transform.Fixtures.hello;
import static dev.modelrouter.transform.Fixtures.json;
import static dev.modelrouter.transform.Fixtures.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.CacheControl;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.Sampling;
import dev.modelrouter.model.Thinking;
import dev.modelrouter.model.Tool;
import dev.modelrouter.model.ToolChoice;
import dev.modelrouter.spi.Transformer;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The canonical-request side of the built-ins. */
class RequestTransformersTest {

    private static Transformer create(String name, String options) {
        return TransformerRegistry.withBuiltIns().find(name).orElseThrow().create(json(options));
    }

    private static ChatRequest apply(String name, String options, ChatRequest request) {
        return create(name, options).transformRequest(request, route("m"));
    }

    private static ChatRequest sampled(@Nullable Integer max, @Nullable Integer topK) {
        return hello().withSampling(new Sampling(max, 0.7, 0.9, topK, List.of("END")));
    }

    @Test
    void deepseekCapsMaxTokensAtItsLimitAndDropsTopK() {
        assertThat(apply("deepseek", "{}", sampled(32000, 40)).sampling())
                .isEqualTo(new Sampling(8192, 0.7, 0.9, null, List.of("END")));
        assertThat(apply("deepseek", "{}", sampled(1000, null)).sampling().maxTokens())
                .isEqualTo(1000);
        assertThat(apply("deepseek", "{}", sampled(null, null)).sampling().maxTokens())
                .isNull();
        assertThat(apply("deepseek", "{\"max_tokens\": 65536}", sampled(70000, null))
                        .sampling()
                        .maxTokens())
                .isEqualTo(65536);
    }

    @Test
    void maxtokenCapsTheAnswerLimit() {
        assertThat(apply("maxtoken", "{\"max_tokens\": 16384}", sampled(64000, 5))
                        .sampling())
                .isEqualTo(new Sampling(16384, 0.7, 0.9, 5, List.of("END")));
        assertThat(apply("maxtoken", "{\"max_tokens\": 16384}", sampled(4096, null))
                        .sampling()
                        .maxTokens())
                .isEqualTo(4096);
    }

    @Test
    void samplingOverridesOnlyWhatItNames() {
        assertThat(apply("sampling", "{\"temperature\": 0.2, \"top_k\": 20}", sampled(100, 40))
                        .sampling())
                .isEqualTo(new Sampling(100, 0.2, 0.9, 20, List.of("END")));
        assertThat(apply("sampling", "{\"top_p\": 0.5, \"repetition_penalty\": 1.1}", sampled(100, null))
                        .sampling())
                .isEqualTo(new Sampling(100, 0.7, 0.5, null, List.of("END")));
    }

    @Test
    void groqDropsTopK() {
        assertThat(apply("groq", "{}", sampled(100, 40)).sampling().topK()).isNull();
    }

    @Test
    void reasoningTurnsThinkingOnUnlessTheClientDecided() {
        ChatRequest none = sampled(32000, null);
        ChatRequest adaptive =
                none.toBuilder().thinking(new Thinking.Adaptive(null)).build();
        ChatRequest off = none.toBuilder().thinking(new Thinking.Disabled()).build();
        ChatRequest own = none.toBuilder().thinking(new Thinking.Enabled(2048)).build();

        assertThat(apply("reasoning", "{}", none).thinking()).isEqualTo(new Thinking.Enabled(8192));
        assertThat(apply("reasoning", "{\"budget\": 4000}", adaptive).thinking())
                .isEqualTo(new Thinking.Enabled(4000));
        assertThat(apply("reasoning", "{}", off).thinking()).isEqualTo(new Thinking.Disabled());
        assertThat(apply("reasoning", "{}", own).thinking()).isEqualTo(new Thinking.Enabled(2048));
        assertThat(apply("reasoning", "{\"enable\": false}", own).thinking()).isEqualTo(new Thinking.Disabled());
    }

    @Test
    void reasoningKeepsTheBudgetBelowTheAnswerLimit() {
        assertThat(apply("reasoning", "{}", sampled(4096, null)).thinking()).isEqualTo(new Thinking.Enabled(4095));
        assertThat(apply("reasoning", "{}", sampled(512, null)).thinking()).isNull();
    }

    @Test
    void cleancacheRemovesEveryBreakpoint() {
        CacheControl cc = CacheControl.EPHEMERAL;
        ChatRequest request = ChatRequest.builder()
                .model("m")
                .system(List.of(new Content.Text("sys", cc)))
                .addMessage(new Message(
                        Role.USER,
                        List.of(
                                new Content.Text("hi", cc),
                                new Content.ToolResult("t1", List.of(new Content.Text("out", cc)), false, cc))))
                .tools(List.of(new Tool.Function("Bash", null, json("{\"type\":\"object\"}"), cc)))
                .build();

        ChatRequest out = apply("cleancache", "{}", request);

        assertThat(out.system()).containsExactly(Content.Text.of("sys"));
        assertThat(out.messages().get(0).content())
                .containsExactly(
                        Content.Text.of("hi"),
                        new Content.ToolResult("t1", List.of(Content.Text.of("out")), false, null));
        assertThat(((Tool.Function) out.tools().get(0)).cache()).isNull();
    }

    @Test
    void cleancacheHandlesEveryContentKind() {
        CacheControl cc = CacheControl.EPHEMERAL;
        List<Content> every = List.of(
                new Content.Text("t", cc),
                new Content.Image("image/png", new Content.Source.Base64("AA=="), cc),
                new Content.Document(null, new Content.Source.PlainText("d"), null, null, cc),
                new Content.ToolUse("id", "n", json("{}"), cc),
                new Content.ToolResult("id", List.of(), false, cc),
                new Content.Thinking("x", "sig"),
                new Content.RedactedThinking("r"),
                new Content.ServerToolUse("s", "web_search", json("{}")),
                new Content.ServerToolResult("web_search_tool_result", "s", json("[]")),
                new Content.ToolReference("Bash"));
        assertThat(every.stream().<Class<?>>map(Object::getClass).toList())
                .containsExactlyInAnyOrder(Content.class.getPermittedSubclasses());
        assertThat(Arrays.stream(Tool.class.getPermittedSubclasses()).map(Class::getSimpleName))
                .containsExactlyInAnyOrder("Function", "Server");

        List<Content> out = CleanCacheTransformer.clean(every);

        assertThat(out).hasSize(every.size());
        assertThat(out.subList(0, 5)).allSatisfy(c -> assertThat(c.toString()).doesNotContain("CacheControl"));
        assertThat(out.subList(5, 10)).isEqualTo(every.subList(5, 10));
    }

    @Test
    void tooluseForcesAToolCallAndOffersExitTool() {
        Tool bash = new Tool.Function("Bash", null, json("{\"type\":\"object\"}"), null);
        ChatRequest request = hello().toBuilder()
                .tools(List.of(bash))
                .toolChoice(new ToolChoice.Auto(true))
                .build();

        ChatRequest out = apply("tooluse", "{}", request);

        assertThat(out.toolChoice()).isEqualTo(new ToolChoice.Any(true));
        assertThat(out.tools()).hasSize(2);
        Tool.Function exit = (Tool.Function) out.tools().get(1);
        assertThat(exit.name()).isEqualTo("ExitTool");
        assertThat(exit.inputSchema()).isEqualTo(json("""
                {"type": "object",
                 "properties": {"response": {"type": "string",
                                             "description": "Your answer to the user, forwarded exactly as written."}},
                 "required": ["response"]}"""));
    }

    @Test
    void tooluseLeavesRequestsWithoutToolsOrWithAFixedChoiceAlone() {
        Tool bash = new Tool.Function("Bash", null, json("{\"type\":\"object\"}"), null);
        ChatRequest noTools = hello();
        ChatRequest none = hello().toBuilder()
                .tools(List.of(bash))
                .toolChoice(new ToolChoice.None())
                .build();
        ChatRequest named = hello().toBuilder()
                .tools(List.of(bash))
                .toolChoice(new ToolChoice.Named("Bash", false))
                .build();

        assertThat(apply("tooluse", "{}", noTools)).isSameAs(noTools);
        assertThat(apply("tooluse", "{}", none)).isSameAs(none);
        assertThat(apply("tooluse", "{}", named)).isSameAs(named);
    }

    @Test
    void protocolMarkersAreIdentity() {
        for (String name : List.of("anthropic", "openai", "gemini", "openai-responses")) {
            Transformer marker = create(name, "{}");
            ChatRequest request = sampled(1, 1);
            assertThat(marker.rewrites()).as(name).isFalse();
            assertThat(marker.transformRequest(request, route("m"))).isSameAs(request);
        }
    }
}
