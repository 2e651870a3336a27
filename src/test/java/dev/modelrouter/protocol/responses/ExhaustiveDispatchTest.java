package dev.modelrouter.protocol.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.Thinking;
import dev.modelrouter.model.Tool;
import dev.modelrouter.model.ToolChoice;
import dev.modelrouter.protocol.SealedSamples;
import dev.modelrouter.protocol.WireJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Java 17 has no exhaustive pattern switch, so the writer dispatches with instanceof chains that end in
 * {@link IllegalStateException}; this walks every permitted subclass to prove each one is handled. A new
 * block type fails here until the chains name it.
 */
class ExhaustiveDispatchTest {

    private final ResponsesProtocol protocol = new ResponsesProtocol();

    static List<Content> everyContent() {
        Map<Class<?>, List<Content>> samples = new LinkedHashMap<>();
        samples.put(Content.Text.class, List.of(Content.Text.of("t"), Content.Text.of("")));
        List<Content> sourced = new ArrayList<>();
        for (Content.Source source : SealedSamples.sources()) {
            sourced.add(new Content.Image("image/png", source, null));
            sourced.add(new Content.Document("application/pdf", source, "d.pdf", null, null));
            sourced.add(new Content.Document("text/plain", source, null, null, null));
        }
        samples.put(Content.Image.class, sourced);
        samples.put(Content.Document.class, List.of());
        samples.put(Content.ToolUse.class, List.of(new Content.ToolUse("toolu_1", "Read", WireJson.object(), null)));
        samples.put(Content.ToolResult.class, List.of(new Content.ToolResult("toolu_1", sourced, true, null)));
        samples.put(Content.Thinking.class, List.of(
                new Content.Thinking("th", "sig"),
                new Content.Thinking("th", CanonicalRequests.OUR_SIGNATURE),
                new Content.Thinking("", null)));
        samples.put(Content.RedactedThinking.class, List.of(new Content.RedactedThinking("r")));
        samples.put(Content.ToolReference.class, List.of(new Content.ToolReference("Grep")));
        samples.put(Content.ServerToolUse.class, List.of(new Content.ServerToolUse("srv_1", "web_search", WireJson.object())));
        samples.put(Content.ServerToolResult.class,
                List.of(new Content.ServerToolResult("web_search_tool_result", "srv_1", WireJson.array())));
        return SealedSamples.contents(samples);
    }

    @Test
    void writesEveryContentBlockInEveryRole() {
        for (Content block : everyContent()) {
            for (Role role : Role.values()) {
                ChatRequest request = ChatRequest.builder()
                        .model("m")
                        .messages(List.of(new Message(role, List.of(block))))
                        .build();
                assertThatCode(() -> protocol.writeRequest(request)).as(block + " in " + role).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void writesEveryToolToolChoiceAndThinking() {
        List<Tool> tools = List.of(CanonicalRequests.read(), CanonicalRequests.webSearch());
        assertThat(tools).extracting(Object::getClass).containsExactlyInAnyOrder(Tool.class.getPermittedSubclasses());
        List<ToolChoice> choices = SealedSamples.toolChoices(new ToolChoice.Named("web_search", false));
        List<Thinking> thinkings = SealedSamples.thinkings(4096);
        for (ToolChoice choice : choices) {
            for (Thinking thinking : thinkings) {
                ChatRequest request = ChatRequest.builder()
                        .model("m")
                        .messages(List.of(Message.of(Role.USER, "hi")))
                        .tools(tools)
                        .toolChoice(choice)
                        .thinking(thinking)
                        .build();
                assertThatCode(() -> protocol.writeRequest(request)).as(choice + " " + thinking)
                        .doesNotThrowAnyException();
            }
        }
    }
}
