package dev.modelrouter.protocol.gemini;

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
import dev.modelrouter.model.Thinking;
import dev.modelrouter.model.Tool;
import dev.modelrouter.model.ToolChoice;
import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.SealedSamples;
import dev.modelrouter.protocol.SealedSamples.WireCase;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Java 17 has no exhaustive pattern switch, so the codec dispatches with instanceof chains that end in
 * {@link IllegalStateException}; this walks every permitted subclass and checks what the wire carries of
 * each. What Gemini cannot carry is listed, with why, as an empty expectation.
 */
class ExhaustiveDispatchTest {

    private static final Content.ToolUse TOOL_USE =
            new Content.ToolUse("toolu_1", "Read", json("{'path':'/tmp/a.txt'}"), null);
    private static final Content.ToolUse GEMINI_CALL =
            new Content.ToolUse(ToolIds.GEMINI_PREFIX + "call_1", "Read", json("{'path':'/tmp/a.txt'}"), null);
    private static final Content.Thinking THINKING =
            new Content.Thinking("thinking text", ThoughtSignatures.PREFIX + "c2ln");

    private final GeminiProtocol protocol = new GeminiProtocol();

    /** A conversation and the {@code contents} it is written as. */
    private static List<WireCase> requestCases() {
        List<Content> sourced = SealedSamples.sourced();
        return List.of(
                WireCase.of("[{'role':'user','parts':[{'text':'user text'}]}]", user(Content.Text.of("user text"))),
                WireCase.of(
                        "[{'role':'model','parts':[{'text':'answer text'}]}]",
                        assistant(Content.Text.of("answer text"))),
                // contents have no system role: a note in the conversation is a user turn
                WireCase.of(
                        "[{'role':'user','parts':[{'text':'system note'}]}]", Message.of(Role.SYSTEM, "system note")),
                WireCase.of(
                        "[{'role':'user','parts':[{'inlineData':{'mimeType':'image/png','data':'QUJDRA=='}}]}]",
                        user(sourced.get(0))),
                // a part has no file name
                WireCase.of(
                        "[{'role':'user','parts':[{'inlineData':{'mimeType':'application/pdf','data':'QUJDRA=='}}]}]",
                        user(sourced.get(1))),
                WireCase.of(
                        "[{'role':'user','parts':[{'fileData':{'mimeType':'image/png','fileUri':'https://example.com/cat.png'}}]}]",
                        user(sourced.get(2))),
                WireCase.of(
                        "[{'role':'user','parts':[{'fileData':{'mimeType':'application/pdf','fileUri':'https://example.com/cat.png'}}]}]",
                        user(sourced.get(3))),
                // another provider's uploaded files cannot be named to Gemini
                WireCase.of("[]", user(sourced.get(4))),
                WireCase.of("[]", user(sourced.get(5))),
                // an image cannot be plain text
                WireCase.of("[]", user(sourced.get(6))),
                WireCase.of(
                        "[{'role':'user','parts':[{'text':'d.pdf\\n\\nplain text source'}]}]", user(sourced.get(7))),
                // Gemini rejects a call without its response, so an unanswered one is answered as cancelled;
                // only ids Gemini made itself are sent back
                WireCase.of(
                        "[{'role':'model','parts':[{'functionCall':{'name':'Read','args':{'path':'/tmp/a.txt'}}}]},"
                                + "{'role':'user','parts':[{'functionResponse':{'name':'Read',"
                                + "'response':{'error':'The tool call was cancelled: no result was returned.'}}}]}]",
                        assistant(TOOL_USE)),
                // reasoning is not replayed, its signature rides on the next part
                WireCase.of(
                        "[{'role':'model','parts':[{'functionCall':{'id':'call_1','name':'Read','args':{'path':'/tmp/a.txt'}},"
                                + "'thoughtSignature':'c2ln'}]},{'role':'user','parts':[{'functionResponse':{'id':'call_1','name':'Read',"
                                + "'response':{'output':'file body'}}}]}]",
                        assistant(THINKING, GEMINI_CALL),
                        user(new Content.ToolResult(
                                GEMINI_CALL.id(), List.of(Content.Text.of("file body")), false, null))),
                // a result without its call in the conversation cannot be a functionResponse (it needs the name)
                WireCase.of(
                        "[{'role':'user','parts':[{'text':'Result of tool call toolu_1:\\nfile body'}]}]",
                        user(new Content.ToolResult("toolu_1", List.of(Content.Text.of("file body")), false, null))),
                WireCase.of(
                        "[{'role':'user','parts':[{'text':'Result of tool call toolu_2 (error):\\nplain text source'},"
                                + "{'inlineData':{'mimeType':'image/png','data':'QUJDRA=='}},"
                                + "{'inlineData':{'mimeType':'application/pdf','data':'QUJDRA=='}},"
                                + "{'fileData':{'mimeType':'image/png','fileUri':'https://example.com/cat.png'}},"
                                + "{'fileData':{'mimeType':'application/pdf','fileUri':'https://example.com/cat.png'}}]}]",
                        user(new Content.ToolResult("toolu_2", sourced, true, null))),
                // no tool search: the reference becomes a note
                WireCase.of(
                        "[{'role':'user','parts':[{'text':'Tool WebFetch is now available.'}]}]",
                        user(new Content.ToolReference("WebFetch"))),
                // encrypted reasoning and server tools belong to the provider that made them
                WireCase.of("[]", assistant(new Content.RedactedThinking("redacted data"))),
                WireCase.of(
                        "[]",
                        assistant(new Content.ServerToolUse("srvtoolu_1", "web_search", json("{'query':'cats'}")))),
                WireCase.of(
                        "[]",
                        assistant(new Content.ServerToolResult("web_search_tool_result", "srvtoolu_1", Json.array()))));
    }

    @Test
    void writesEveryContentBlockWithItsData() {
        SealedSamples.assertWritesEveryCase(protocol, "contents", requestCases());
    }

    @Test
    void dispatchesEveryContentBlockInEveryRole() {
        SealedSamples.assertDispatchesInEveryRole(protocol, "gemini-3-pro", blocks(requestCases()));
    }

    /** What an answer of each block reads back as: only text, thoughts and function calls are answer parts. */
    private static Map<Content, List<Content>> answers() {
        Map<Content, List<Content>> answers = new LinkedHashMap<>();
        answers.put(Content.Text.of("answer text"), List.of(Content.Text.of("answer text")));
        // an id in a Gemini answer is Gemini's own, so reading marks it as such
        answers.put(
                TOOL_USE,
                List.of(new Content.ToolUse(
                        ToolIds.GEMINI_PREFIX + TOOL_USE.id(), TOOL_USE.name(), TOOL_USE.input(), null)));
        answers.put(THINKING, List.of(THINKING));
        for (Content block : blocks(requestCases())) {
            if (!(block instanceof Content.ToolUse)) {
                answers.putIfAbsent(block, block instanceof Content.Text ? List.of(block) : List.of());
            }
        }
        return answers;
    }

    @Test
    void writesEveryAnswerBlockWithItsDataAndUsage() {
        // no cache-write count: those tokens count as fresh prompt tokens
        SealedSamples.assertAnswersReadBack(protocol, request(), answers(), new Usage(55, 22, 33, 0));
    }

    @Test
    void streamsEveryEventDeltaAndBlockStartWithItsData() {
        SealedSamples.assertStreamedAnswersReadBack(protocol, request(), answers(), new Usage(55, 22, 33, 0));
    }

    @Test
    void writesEveryStopReasonAsAFinishReason() {
        // finishReason has no tool-use, stop-sequence, pause or context-window value
        Map<StopReason, StopReason> expected = Map.of(
                StopReason.END_TURN, StopReason.END_TURN,
                StopReason.MAX_TOKENS, StopReason.MAX_TOKENS,
                StopReason.TOOL_USE, StopReason.END_TURN,
                StopReason.STOP_SEQUENCE, StopReason.END_TURN,
                StopReason.PAUSE_TURN, StopReason.END_TURN,
                StopReason.REFUSAL, StopReason.REFUSAL,
                StopReason.MODEL_CONTEXT_WINDOW_EXCEEDED, StopReason.MAX_TOKENS);
        assertThat(expected).containsOnlyKeys(StopReason.values());
        for (StopReason reason : StopReason.values()) {
            ChatResponse response = SealedSamples.answer(Content.Text.of("x"), reason);

            assertThat(protocol.readResponse(protocol.writeResponse(response, request()))
                            .stopReason())
                    .as(reason.toString())
                    .isEqualTo(expected.get(reason));
            assertThat(SealedSamples.readStream(
                                    protocol,
                                    request(),
                                    SealedSamples.sse(protocol, request(), SealedSamples.eventsOf(response)))
                            .stopReason())
                    .as(reason + " streamed")
                    .isEqualTo(expected.get(reason));
        }
        assertThat(Arrays.stream(StopReason.values()).map(FinishReasons::write)).doesNotContainNull();
    }

    @Test
    void writesEveryToolToolChoiceAndThinking() {
        List<Tool> tools = List.of(CanonicalRequests.read(), CanonicalRequests.webSearch());
        assertThat(tools).extracting(Object::getClass).containsExactlyInAnyOrder(Tool.class.getPermittedSubclasses());
        Map<ToolChoice, String> choices = new LinkedHashMap<>();
        // Gemini cannot limit parallel calls
        choices.put(new ToolChoice.Auto(false), "{'functionCallingConfig':{'mode':'AUTO'}}");
        choices.put(new ToolChoice.Any(true), "{'functionCallingConfig':{'mode':'ANY'}}");
        choices.put(new ToolChoice.None(), "{'functionCallingConfig':{'mode':'NONE'}}");
        choices.put(
                new ToolChoice.Named("Read", false),
                "{'functionCallingConfig':{'mode':'ANY','allowedFunctionNames':['Read']}}");
        assertThat(choices.keySet()).containsExactlyElementsOf(SealedSamples.toolChoices());
        Map<Thinking, String> thinkings = new LinkedHashMap<>();
        thinkings.put(new Thinking.Enabled(1024), "{'thinkingBudget':1024,'includeThoughts':true}");
        thinkings.put(new Thinking.Adaptive(null), "{'includeThoughts':true}");
        // Gemini 3 cannot turn reasoning off, so disabled sends no thinking config at all
        thinkings.put(new Thinking.Disabled(), "");
        assertThat(thinkings.keySet()).containsExactlyElementsOf(SealedSamples.thinkings(1024));
        for (Map.Entry<ToolChoice, String> choice : choices.entrySet()) {
            for (Map.Entry<Thinking, String> thinking : thinkings.entrySet()) {
                ObjectNode body = protocol.writeRequest(request().toBuilder()
                        .model("gemini-3-pro")
                        .tools(tools)
                        .toolChoice(choice.getKey())
                        .thinking(thinking.getKey())
                        .build());

                assertThat(body.get("tools")).isEqualTo(json(TOOLS));
                assertThat(body.get("toolConfig"))
                        .as(choice.getKey().toString())
                        .isEqualTo(json(choice.getValue()));
                assertThat(body.at("/generationConfig/thinkingConfig").toString())
                        .as(thinking.getKey().toString())
                        .isEqualTo(
                                thinking.getValue().isEmpty()
                                        ? ""
                                        : json(thinking.getValue()).toString());
            }
        }
    }

    /**
     * The read tool as a declaration, and web search as Gemini's own search tool (Gemini 3 takes both at
     * once; 2.x would reject the pair, see GeminiRequestWriter).
     */
    private static final String TOOLS = "[{'functionDeclarations':[{'name':'Read','description':'Reads a file',"
            + "'parametersJsonSchema':{'type':'object','properties':{'file_path':{'type':'string'},"
            + "'offset':{'type':'integer','exclusiveMinimum':0}},'required':['file_path'],'additionalProperties':false}}]},"
            + "{'googleSearch':{}}]";

    private static ChatRequest request() {
        return ChatRequest.builder()
                .model("gemini-2.5-flash")
                .messages(List.of(Message.of(Role.USER, "hi")))
                .build();
    }
}
