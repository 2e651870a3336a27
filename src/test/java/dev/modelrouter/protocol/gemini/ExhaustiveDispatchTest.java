package dev.modelrouter.protocol.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.Thinking;
import dev.modelrouter.model.Tool;
import dev.modelrouter.model.ToolChoice;
import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.SealedSamples;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Java 17 has no exhaustive pattern switch, so the codec dispatches with instanceof chains that end in
 * {@link IllegalStateException}; this walks every permitted subclass to prove each one is handled.
 */
class ExhaustiveDispatchTest {

    private final GeminiProtocol protocol = new GeminiProtocol();

    private static List<Content> everyContent() {
        Map<Class<?>, List<Content>> samples = new LinkedHashMap<>();
        samples.put(Content.Text.class, List.of(Content.Text.of("t")));
        List<Content> sourced = new ArrayList<>();
        for (Content.Source source : SealedSamples.sources()) {
            sourced.add(new Content.Image("image/png", source, null));
            sourced.add(new Content.Document("application/pdf", source, "d.pdf", null, null));
        }
        samples.put(Content.Image.class, sourced);
        samples.put(Content.Document.class, List.of());
        samples.put(Content.ToolUse.class, List.of(new Content.ToolUse("toolu_1", "Read", Json.object(), null)));
        samples.put(Content.ToolResult.class, List.of(new Content.ToolResult("toolu_1", sourced, true, null)));
        samples.put(Content.Thinking.class, List.of(new Content.Thinking("th", ThoughtSignatures.PREFIX + "c2ln")));
        samples.put(Content.RedactedThinking.class, List.of(new Content.RedactedThinking("r")));
        samples.put(Content.ToolReference.class, List.of(new Content.ToolReference("Grep")));
        samples.put(Content.ServerToolUse.class, List.of(new Content.ServerToolUse("srv_1", "web_search", Json.object())));
        samples.put(Content.ServerToolResult.class,
                List.of(new Content.ServerToolResult("web_search_tool_result", "srv_1", Json.array())));
        return SealedSamples.contents(samples);
    }

    @Test
    void writesEveryContentBlockInEveryRole() {
        for (Content block : everyContent()) {
            for (Role role : Role.values()) {
                ChatRequest request = ChatRequest.builder()
                        .model("gemini-3-pro")
                        .messages(List.of(new Message(role, List.of(block))))
                        .build();
                assertThatCode(() -> protocol.writeRequest(request)).as(block + " in " + role).doesNotThrowAnyException();
            }
            ChatResponse response = new ChatResponse("msg_1", "m", List.of(block), StopReason.END_TURN, null, Usage.ZERO);
            assertThatCode(() -> protocol.writeResponse(response, request()))
                    .as(block.toString()).doesNotThrowAnyException();
        }
    }

    @Test
    void streamsEveryEventDeltaAndBlockStart() {
        SealedSamples.streamEvery(protocol.newStreamWriter(request()), everyContent());
    }

    @Test
    void writesEveryToolToolChoiceThinkingAndStopReason() {
        List<Tool> tools = List.of(CanonicalRequests.read(), CanonicalRequests.webSearch());
        assertThat(tools).extracting(Object::getClass).containsExactlyInAnyOrder(Tool.class.getPermittedSubclasses());
        List<ToolChoice> choices = SealedSamples.toolChoices();
        List<Thinking> thinkings = SealedSamples.thinkings(1024);
        for (ToolChoice choice : choices) {
            for (Thinking thinking : thinkings) {
                ChatRequest request = request().toBuilder().tools(tools).toolChoice(choice).thinking(thinking).build();
                assertThatCode(() -> protocol.writeRequest(request)).as(choice + " " + thinking).doesNotThrowAnyException();
            }
        }
        assertThat(Arrays.stream(StopReason.values()).map(FinishReasons::write)).doesNotContainNull();
    }

    private static ChatRequest request() {
        return ChatRequest.builder().model("gemini-2.5-flash").messages(List.of(Message.of(Role.USER, "hi"))).build();
    }
}
