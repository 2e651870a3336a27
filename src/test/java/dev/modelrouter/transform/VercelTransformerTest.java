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

class VercelTransformerTest {

    private static Transformer vercel(String options) {
        return TransformerRegistry.withBuiltIns().find("vercel").orElseThrow().create(json(options));
    }

    private static ObjectNode body(String model) {
        return (ObjectNode)
                json("{\"model\": \"" + model + "\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
    }

    @Test
    void asksTheGatewayToCacheForModelsThatAreNotClaudeAndMergesRouting() {
        Transformer vercel = vercel("{\"providerOptions\": {\"gateway\": {\"order\": [\"minimax\", \"novita\"]}}}");

        assertThat(vercel.transformBody(body("minimax/minimax-m2"), route("minimax/minimax-m2")))
                .isEqualTo(json("""
                {"model": "minimax/minimax-m2", "messages": [{"role": "user", "content": "hi"}],
                 "providerOptions": {"gateway": {"caching": "auto", "order": ["minimax", "novita"]}}}"""));
    }

    @Test
    void optionsOverrideTheCachingDefault() {
        Transformer vercel = vercel("{\"providerOptions\": {\"gateway\": {\"caching\": \"off\"}}, \"seed\": 7}");

        assertThat(vercel.transformBody(body("openai/gpt-5"), route("openai/gpt-5")))
                .isEqualTo(json("""
                {"model": "openai/gpt-5", "messages": [{"role": "user", "content": "hi"}], "seed": 7,
                 "providerOptions": {"gateway": {"caching": "off"}}}"""));
    }

    @Test
    void keepsClaudeBreakpointsInsteadOfAutomaticCaching() {
        Transformer vercel = vercel("{}");
        String model = "anthropic/claude-sonnet-4.5";
        ChatRequest request = ChatRequest.builder()
                .model(model)
                .addMessage(new Message(Role.USER, List.of(new Content.Text("hi", CacheControl.EPHEMERAL))))
                .build();

        ChatRequest routed = vercel.transformRequest(request, route(model));
        ObjectNode body = body(model);
        body.set(
                OpenRouterTransformer.BREAKPOINTS,
                routed.extensions().get("openai." + OpenRouterTransformer.BREAKPOINTS));

        assertThat(vercel.transformBody(body, route(model))).isEqualTo(json("""
                {"model": "anthropic/claude-sonnet-4.5",
                 "messages": [{"role": "user",
                               "content": [{"type": "text", "text": "hi", "cache_control": {"type": "ephemeral"}}]}]}"""));
    }

    @Test
    void givesNumberedToolCallsUniqueIds() {
        Flux<StreamEvent> events = Flux.just(
                start(),
                new StreamEvent.BlockStart(0, new Content.ToolUse("1", "Bash", Json.object(), null)),
                new StreamEvent.BlockStop(0),
                new StreamEvent.Stop(StopReason.TOOL_USE, null, Fixtures.USAGE));

        List<StreamEvent> out = vercel("{}")
                .transformResponse(events, route("xai/grok-4"))
                .collectList()
                .block();

        StreamShape.assertWellFormed(out);
        assertThat(((Content.ToolUse) ((StreamEvent.BlockStart) out.get(1)).block()).id())
                .matches("call_[0-9a-f]{24}");
    }

    @Test
    void rejectsMalformedRoutingOptionsNamingTheOption() {
        assertThatThrownBy(() -> vercel("[\"anthropic\"]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vercel: options must be an object, got [\"anthropic\"]");
        assertThatThrownBy(() -> vercel("{\"providerOptions\": {\"gateway\": \"anthropic\"}}"))
                .hasMessage("vercel: option 'providerOptions.gateway' must be an object, got \"anthropic\"");
        assertThatThrownBy(() -> vercel("{\"providerOptions\": {\"gateway\": {\"order\": \"anthropic\"}}}"))
                .hasMessage(
                        "vercel: option 'providerOptions.gateway.order' must be an array of strings, got \"anthropic\"");
        assertThatThrownBy(() -> vercel("{\"providerOptions\": {\"gateway\": {\"only\": [\"bedrock\", 1]}}}"))
                .hasMessage(
                        "vercel: option 'providerOptions.gateway.only' must be an array of strings, got [\"bedrock\",1]");
    }
}
