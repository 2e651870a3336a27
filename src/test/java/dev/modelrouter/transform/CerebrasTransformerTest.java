package dev.modelrouter.transform;

import static dev.modelrouter.transform.Fixtures.json;
import static dev.modelrouter.transform.Fixtures.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Sampling;
import dev.modelrouter.spi.Transformer;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class CerebrasTransformerTest {

    private static Transformer cerebras() {
        return TransformerRegistry.withBuiltIns().find("cerebras").orElseThrow().create(Json.object());
    }

    @Test
    void removesTheFieldsCerebrasRejects() {
        ObjectNode body = (ObjectNode) json("""
                {"model": "gpt-oss-120b",
                 "messages": [{"role": "assistant", "content": "x", "reasoning_content": "r", "reasoning": "r"},
                              {"role": "user", "content": [{"type": "text", "text": "y", "cache_control": {}}]}],
                 "tools": [{"type": "function", "function": {"name": "f",
                            "parameters": {"$schema": "s", "type": "object"}}}],
                 "frequency_penalty": 0.1, "presence_penalty": 0.1, "logit_bias": {"1": 2},
                 "parallel_tool_calls": false, "service_tier": "auto", "store": false, "prompt_cache_key": "k",
                 "reasoning": {"effort": "high"}}""");

        assertThat(cerebras().transformBody(body, route("gpt-oss-120b"))).isEqualTo(json("""
                {"model": "gpt-oss-120b",
                 "messages": [{"role": "assistant", "content": "x"},
                              {"role": "user", "content": [{"type": "text", "text": "y"}]}],
                 "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]}"""));
    }

    @Test
    void keepsWhatCerebrasSupports() {
        String supported = """
                {"model": "zai-glm-4.7", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 100,
                 "temperature": 0.6, "top_p": 0.95, "stop": ["END"], "stream": true,
                 "stream_options": {"include_usage": true}, "reasoning_effort": "medium", "tool_choice": "auto"}""";

        assertThat(cerebras().transformBody((ObjectNode) json(supported), route("zai-glm-4.7")))
                .isEqualTo(json(supported));
    }

    @Test
    void leavesTheCanonicalRequestAlone() {
        ChatRequest request = Fixtures.hello().withSampling(new Sampling(100, 0.7, 0.9, 40, List.of()));

        assertThat(cerebras().transformRequest(request, route("m"))).isSameAs(request);
    }

    @Test
    void takesNoOptions() {
        assertThatThrownBy(() -> CerebrasTransformer.factory().create(json("{\"disable_reasoning\": true}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cerebras: unknown option(s) [disable_reasoning]; it takes none");
    }
}
