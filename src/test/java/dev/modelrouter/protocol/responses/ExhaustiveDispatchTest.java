package dev.modelrouter.protocol.responses;

import static dev.modelrouter.protocol.SealedSamples.assistant;
import static dev.modelrouter.protocol.SealedSamples.blocks;
import static dev.modelrouter.protocol.SealedSamples.json;
import static dev.modelrouter.protocol.SealedSamples.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.Thinking;
import dev.modelrouter.model.Tool;
import dev.modelrouter.model.ToolChoice;
import dev.modelrouter.protocol.SealedSamples;
import dev.modelrouter.protocol.SealedSamples.WireCase;
import dev.modelrouter.protocol.WireJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Java 17 has no exhaustive pattern switch, so the writer dispatches with instanceof chains that end in
 * {@link IllegalStateException}; this walks every permitted subclass and checks what the {@code input}
 * carries of each. What the Responses API cannot carry is listed, with why, as an empty expectation. A
 * new block type fails here until the chains name it.
 */
class ExhaustiveDispatchTest {

    private static final Content.ToolUse TOOL_USE =
            new Content.ToolUse("toolu_1", "Read", json("{'path':'/tmp/a.txt'}"), null);

    private final ResponsesProtocol protocol = new ResponsesProtocol();

    /** A conversation and the {@code input} it is written as. */
    private static List<WireCase> requestCases() {
        List<Content> sourced = SealedSamples.sourced();
        return List.of(
                WireCase.of(
                        "[{'type':'message','role':'user','content':[{'type':'input_text','text':'user text'}]}]",
                        user(Content.Text.of("user text"))),
                WireCase.of(
                        "[{'type':'message','role':'assistant','content':[{'type':'output_text','text':'answer text'}]}]",
                        assistant(Content.Text.of("answer text"))),
                // an empty text is no part at all
                WireCase.of("[]", user(Content.Text.of(""))),
                WireCase.of(
                        "[{'type':'message','role':'developer','content':[{'type':'input_text','text':'system note'}]}]",
                        Message.of(Role.SYSTEM, "system note")),
                WireCase.of(
                        "[{'type':'message','role':'user','content':[{'type':'input_image','image_url':'data:image/png;base64,QUJDRA==','detail':'auto'}]}]",
                        user(sourced.get(0))),
                WireCase.of(
                        "[{'type':'message','role':'user','content':[{'type':'input_file','filename':'d.pdf','file_data':'data:application/pdf;base64,QUJDRA=='}]}]",
                        user(sourced.get(1))),
                // a text file is sent as its text
                WireCase.of(
                        "[{'type':'message','role':'user','content':[{'type':'input_text','text':'hello'}]}]",
                        user(new Content.Document(
                                "text/plain", new Content.Source.Base64("aGVsbG8="), null, null, null))),
                WireCase.of(
                        "[{'type':'message','role':'user','content':[{'type':'input_image','image_url':'https://example.com/cat.png','detail':'auto'}]}]",
                        user(sourced.get(2))),
                // a linked file has no name on this wire
                WireCase.of(
                        "[{'type':'message','role':'user','content':[{'type':'input_file','file_url':'https://example.com/cat.png'}]}]",
                        user(sourced.get(3))),
                // another provider's uploaded files cannot be named to OpenAI
                WireCase.of("[]", user(sourced.get(4))),
                WireCase.of("[]", user(sourced.get(5))),
                // an image cannot be plain text
                WireCase.of("[]", user(sourced.get(6))),
                WireCase.of(
                        "[{'type':'message','role':'user','content':[{'type':'input_text','text':'d.pdf\\n\\nplain text source'}]}]",
                        user(sourced.get(7))),
                // the API rejects a call without its output, so an unanswered one is answered as interrupted
                WireCase.of(
                        "[{'type':'function_call','call_id':'toolu_1','name':'Read','arguments':'{\\'path\\':\\'/tmp/a.txt\\'}'},"
                                + "{'type':'function_call_output','call_id':'toolu_1','output':'Error: the tool call was interrupted and returned no result'}]",
                        assistant(TOOL_USE)),
                WireCase.of(
                        "[{'type':'function_call','call_id':'toolu_1','name':'Read','arguments':'{\\'path\\':\\'/tmp/a.txt\\'}'},"
                                + "{'type':'function_call_output','call_id':'toolu_1','output':'file body'}]",
                        assistant(TOOL_USE),
                        user(new Content.ToolResult("toolu_1", List.of(Content.Text.of("file body")), false, null))),
                // an output holds text only: the error flag becomes a prefix, the media follow as a user turn
                WireCase.of(
                        "[{'type':'function_call','call_id':'toolu_1','name':'Read','arguments':'{\\'path\\':\\'/tmp/a.txt\\'}'},"
                                + "{'type':'function_call_output','call_id':'toolu_1','output':'Error: plain text source'},"
                                + "{'type':'message','role':'user','content':["
                                + "{'type':'input_image','image_url':'data:image/png;base64,QUJDRA==','detail':'auto'},"
                                + "{'type':'input_file','filename':'d.pdf','file_data':'data:application/pdf;base64,QUJDRA=='},"
                                + "{'type':'input_image','image_url':'https://example.com/cat.png','detail':'auto'},"
                                + "{'type':'input_file','file_url':'https://example.com/cat.png'}]}]",
                        assistant(TOOL_USE),
                        user(new Content.ToolResult("toolu_1", sourced, true, null))),
                // a result whose call is not in the conversation has nothing to answer
                WireCase.of(
                        "[]",
                        user(new Content.ToolResult("toolu_2", List.of(Content.Text.of("file body")), false, null))),
                // no tool search: the reference becomes a note
                WireCase.of(
                        "[{'type':'message','role':'user','content':[{'type':'input_text','text':'Tool WebFetch is now available.'}]}]",
                        user(new Content.ToolReference("WebFetch"))),
                // only reasoning that OpenAI encrypted (our signature) can be replayed, and an empty one is nothing
                WireCase.of(
                        "[{'type':'reasoning','summary':[{'type':'summary_text','text':'thinking text'}],"
                                + "'encrypted_content':'gAAAAABenc-one'}]",
                        assistant(new Content.Thinking("thinking text", CanonicalRequests.OUR_SIGNATURE))),
                WireCase.of(
                        "[]", assistant(new Content.Thinking("thinking text", CanonicalRequests.ANTHROPIC_SIGNATURE))),
                WireCase.of("[]", assistant(new Content.Thinking("", null))),
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
        SealedSamples.assertWritesEveryCase(protocol, "input", requestCases());
    }

    @Test
    void dispatchesEveryContentBlockInEveryRole() {
        SealedSamples.assertDispatchesInEveryRole(protocol, "m", blocks(requestCases()));
    }

    @Test
    void writesEveryToolToolChoiceAndThinking() {
        List<Tool> tools = List.of(CanonicalRequests.read(), CanonicalRequests.webSearch());
        assertThat(tools).extracting(Object::getClass).containsExactlyInAnyOrder(Tool.class.getPermittedSubclasses());
        Map<ToolChoice, String> choices = new LinkedHashMap<>();
        choices.put(new ToolChoice.Auto(false), "{'tool_choice':'auto'}");
        choices.put(new ToolChoice.Any(true), "{'tool_choice':'required','parallel_tool_calls':false}");
        choices.put(new ToolChoice.None(), "{'tool_choice':'none'}");
        choices.put(new ToolChoice.Named("Read", false), "{'tool_choice':{'type':'function','name':'Read'}}");
        // a hosted tool cannot be forced by name: the model may choose it
        choices.put(new ToolChoice.Named("web_search", false), "{'tool_choice':'auto'}");
        assertThat(choices.keySet())
                .containsExactlyElementsOf(SealedSamples.toolChoices(new ToolChoice.Named("web_search", false)));
        Map<Thinking, String> thinkings = new LinkedHashMap<>();
        thinkings.put(
                new Thinking.Enabled(4096),
                "{'reasoning':{'effort':'medium','summary':'auto'},'include':['reasoning.encrypted_content']}");
        // adaptive leaves the effort to the model's default; disabled is the absence of reasoning
        thinkings.put(new Thinking.Adaptive(null), "{}");
        thinkings.put(new Thinking.Disabled(), "{}");
        assertThat(thinkings.keySet()).containsExactlyElementsOf(SealedSamples.thinkings(4096));
        for (Map.Entry<ToolChoice, String> choice : choices.entrySet()) {
            for (Map.Entry<Thinking, String> thinking : thinkings.entrySet()) {
                ObjectNode body = protocol.writeRequest(ChatRequest.builder()
                        .model("m")
                        .messages(List.of(Message.of(Role.USER, "hi")))
                        .tools(tools)
                        .toolChoice(choice.getKey())
                        .thinking(thinking.getKey())
                        .build());

                assertThat(body.get("tools"))
                        .isEqualTo(json("[{'type':'function','name':'Read','description':'Reads a file',"
                                + "'parameters':{'type':'object','properties':{'path':{'type':'string'}}},'strict':false},"
                                + "{'type':'web_search'}]"));
                assertThat(body.deepCopy().retain("tool_choice", "parallel_tool_calls"))
                        .as(choice.getKey().toString())
                        .isEqualTo(json(choice.getValue()));
                assertThat(body.deepCopy().retain("reasoning", "include"))
                        .as(thinking.getKey().toString())
                        .isEqualTo(json(thinking.getValue()));
            }
        }
    }
}
