package dev.modelrouter.protocol.openai;

import static dev.modelrouter.protocol.SealedSamples.assistant;
import static dev.modelrouter.protocol.SealedSamples.blocks;
import static dev.modelrouter.protocol.SealedSamples.json;
import static dev.modelrouter.protocol.SealedSamples.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.Tool;
import dev.modelrouter.model.ToolChoice;
import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.SealedSamples;
import dev.modelrouter.protocol.SealedSamples.WireCase;
import dev.modelrouter.protocol.SignatureCarrier;
import dev.modelrouter.protocol.WireJson;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.BooleanNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Java 17 has no exhaustive pattern switch, so the codec dispatches with instanceof chains that end in
 * {@link IllegalStateException}; this walks every permitted subclass and checks what the wire carries of
 * each. What Chat Completions cannot carry is listed, with why, as an empty expectation.
 */
class ExhaustiveDispatchTest {

    private static final Content.ToolUse TOOL_USE =
            new Content.ToolUse("toolu_1", "Read", json("{'path':'/tmp/a.txt'}"), null);
    private static final Content.Thinking THINKING = new Content.Thinking("thinking text", "sig");

    private final OpenAiProtocol protocol = new OpenAiProtocol();

    /** A conversation and the {@code messages} it is written as. */
    private static List<WireCase> requestCases() {
        List<Content> sourced = SealedSamples.sourced();
        return List.of(
                WireCase.of("[{'role':'user','content':'user text'}]", user(Content.Text.of("user text"))),
                WireCase.of(
                        "[{'role':'assistant','content':'answer text'}]", assistant(Content.Text.of("answer text"))),
                WireCase.of("[{'role':'system','content':'system note'}]", Message.of(Role.SYSTEM, "system note")),
                WireCase.of(
                        "[{'role':'user','content':[{'type':'image_url','image_url':{'url':'data:image/png;base64,QUJDRA=='}}]}]",
                        user(sourced.get(0))),
                WireCase.of(
                        "[{'role':'user','content':[{'type':'file','file':{'filename':'d.pdf','file_data':'data:application/pdf;base64,QUJDRA=='}}]}]",
                        user(sourced.get(1))),
                WireCase.of(
                        "[{'role':'user','content':[{'type':'image_url','image_url':{'url':'https://example.com/cat.png'}}]}]",
                        user(sourced.get(2))),
                // files are inline or uploaded only: a linked document becomes its title and link
                WireCase.of(
                        "[{'role':'user','content':'d.pdf\\n\\nhttps://example.com/cat.png'}]", user(sourced.get(3))),
                // images are by URL only: an uploaded-file image cannot be named
                WireCase.of("[]", user(sourced.get(4))),
                WireCase.of(
                        "[{'role':'user','content':[{'type':'file','file':{'file_id':'file_1'}}]}]",
                        user(sourced.get(5))),
                // an image cannot be plain text
                WireCase.of("[]", user(sourced.get(6))),
                WireCase.of("[{'role':'user','content':'d.pdf\\n\\nplain text source'}]", user(sourced.get(7))),
                WireCase.of(
                        "[{'role':'assistant','content':null,'tool_calls':[{'id':'toolu_1','type':'function',"
                                + "'function':{'name':'Read','arguments':'{\\'path\\':\\'/tmp/a.txt\\'}'}}]}]",
                        assistant(TOOL_USE)),
                WireCase.of(
                        "[{'role':'tool','tool_call_id':'toolu_1','content':'file body'}]",
                        user(new Content.ToolResult("toolu_1", List.of(Content.Text.of("file body")), false, null))),
                // a tool message holds text only: the error flag becomes a prefix, the media follow as a user turn
                WireCase.of(
                        "[{'role':'tool','tool_call_id':'toolu_2','content':'Error: plain text source'},"
                                + "{'role':'user','content':[{'type':'image_url','image_url':{'url':'data:image/png;base64,QUJDRA=='}},"
                                + "{'type':'file','file':{'filename':'d.pdf','file_data':'data:application/pdf;base64,QUJDRA=='}},"
                                + "{'type':'image_url','image_url':{'url':'https://example.com/cat.png'}},"
                                + "{'type':'text','text':'d.pdf\\n\\nhttps://example.com/cat.png'},"
                                + "{'type':'file','file':{'file_id':'file_1'}}]}]",
                        user(new Content.ToolResult("toolu_2", sourced, true, null))),
                // no tool search: the reference becomes a note
                WireCase.of(
                        "[{'role':'user','content':'Tool WebFetch is now available.'}]",
                        user(new Content.ToolReference("WebFetch"))),
                // reasoning is replayed as text; a signature is another provider's and cannot be verified here
                WireCase.of(
                        "[{'role':'assistant','content':'','reasoning_content':'thinking text'}]", assistant(THINKING)),
                // encrypted reasoning and server tools belong to the provider that made them
                WireCase.of("[]", assistant(new Content.RedactedThinking("redacted data"))),
                WireCase.of(
                        "[]",
                        assistant(new Content.ServerToolUse("srvtoolu_1", "web_search", json("{'query':'cats'}")))),
                WireCase.of(
                        "[]",
                        assistant(new Content.ServerToolResult(
                                "web_search_tool_result", "srvtoolu_1", WireJson.array()))));
    }

    @Test
    void writesEveryContentBlockWithItsData() {
        SealedSamples.assertWritesEveryCase(protocol, "messages", requestCases());
    }

    @Test
    void dispatchesEveryContentBlockInEveryRole() {
        SealedSamples.assertDispatchesInEveryRole(protocol, "m", blocks(requestCases()));
    }

    /**
     * What an answer of each block reads back as, after the client's side of Chat Completions: only text,
     * reasoning text and tool calls are answer content there.
     */
    private static Map<Content, List<Content>> answers() {
        Map<Content, List<Content>> answers = new LinkedHashMap<>();
        answers.put(Content.Text.of("answer text"), List.of(Content.Text.of("answer text")));
        answers.put(TOOL_USE, List.of(TOOL_USE));
        answers.put(THINKING, List.of(new Content.Thinking("thinking text", SignatureCarrier.NONE)));
        for (Content block : blocks(requestCases())) {
            answers.putIfAbsent(block, block instanceof Content.Text ? List.of(block) : List.of());
        }
        return answers;
    }

    @Test
    void writesEveryAnswerBlockWithItsDataAndUsage() {
        // no cache-write count: those tokens count as fresh prompt tokens
        SealedSamples.assertAnswersReadBack(protocol, client(), answers(), new Usage(55, 22, 33, 0));
    }

    @Test
    void streamsEveryEventDeltaAndBlockStartWithItsData() {
        SealedSamples.assertStreamedAnswersReadBack(protocol, client(), answers(), new Usage(55, 22, 33, 0));
    }

    @Test
    void writesEveryStopReasonAsAFinishReason() {
        // finish_reason has no stop-sequence, pause or context-window value
        Map<StopReason, StopReason> expected = Map.of(
                StopReason.END_TURN, StopReason.END_TURN,
                StopReason.MAX_TOKENS, StopReason.MAX_TOKENS,
                StopReason.TOOL_USE, StopReason.TOOL_USE,
                StopReason.STOP_SEQUENCE, StopReason.END_TURN,
                StopReason.PAUSE_TURN, StopReason.END_TURN,
                StopReason.REFUSAL, StopReason.REFUSAL,
                StopReason.MODEL_CONTEXT_WINDOW_EXCEEDED, StopReason.MAX_TOKENS);
        assertThat(expected).containsOnlyKeys(StopReason.values());
        for (StopReason reason : StopReason.values()) {
            ChatResponse response = SealedSamples.answer(Content.Text.of("x"), reason);

            assertThat(protocol.readResponse(protocol.writeResponse(response, client()))
                            .stopReason())
                    .as(reason.toString())
                    .isEqualTo(expected.get(reason));
            assertThat(SealedSamples.readStream(
                                    protocol,
                                    client(),
                                    SealedSamples.sse(protocol, client(), SealedSamples.eventsOf(response)))
                            .stopReason())
                    .as(reason + " streamed")
                    .isEqualTo(expected.get(reason));
        }
        assertThat(Arrays.stream(StopReason.values()).map(FinishReasons::write)).doesNotContainNull();
    }

    @Test
    void writesEveryToolAndToolChoice() {
        List<Tool> tools = List.of(CanonicalRequests.read(), CanonicalRequests.webSearch());
        assertThat(tools).extracting(Object::getClass).containsExactlyInAnyOrder(Tool.class.getPermittedSubclasses());
        Map<ToolChoice, String> expected = new LinkedHashMap<>();
        expected.put(new ToolChoice.Auto(false), "{'tool_choice':'auto'}");
        expected.put(new ToolChoice.Any(true), "{'tool_choice':'required','parallel_tool_calls':false}");
        expected.put(new ToolChoice.None(), "{'tool_choice':'none'}");
        expected.put(
                new ToolChoice.Named("Read", false), "{'tool_choice':{'type':'function','function':{'name':'Read'}}}");
        assertThat(expected.keySet()).containsExactlyElementsOf(SealedSamples.toolChoices());
        for (Map.Entry<ToolChoice, String> choice : expected.entrySet()) {
            ObjectNode body = protocol.writeRequest(request().toBuilder()
                    .tools(tools)
                    .toolChoice(choice.getKey())
                    .build());

            // a server tool runs at its own provider only: web_search is dropped
            assertThat(body.get("tools"))
                    .isEqualTo(
                            json(
                                    "[{'type':'function','function':{'name':'Read',"
                                            + "'description':'Reads a file','parameters':{'type':'object','properties':{'path':{'type':'string'}}}}}]"));
            assertThat(body.retain("tool_choice", "parallel_tool_calls"))
                    .as(choice.getKey().toString())
                    .isEqualTo(json(choice.getValue()));
        }
    }

    private static ChatRequest request() {
        return ChatRequest.builder()
                .model("m")
                .messages(List.of(Message.of(Role.USER, "hi")))
                .build();
    }

    /** A streaming client that asked for usage, so that the stream's usage chunk is written. */
    private static ChatRequest client() {
        return request().toBuilder().stream(true)
                .extension("stream_options", WireJson.object().set("include_usage", BooleanNode.TRUE))
                .build();
    }
}
