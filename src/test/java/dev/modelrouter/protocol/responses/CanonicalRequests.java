package dev.modelrouter.protocol.responses;

import dev.modelrouter.model.CacheControl;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.Sampling;
import dev.modelrouter.model.Thinking;
import dev.modelrouter.model.Tool;
import dev.modelrouter.model.ToolChoice;
import dev.modelrouter.protocol.WireJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/** Anthropic-shaped canonical requests, as the Anthropic codec produces them from Claude Code. */
final class CanonicalRequests {

    static final String MCP_TOOL =
            "mcp__plugin_chrome-devtools-mcp_chrome-devtools__performance_analyze_insight_for_trace";
    static final String LONG_CALL_ID =
            "codex_mcp__codex_apps__google_calendar.search_events_exec-" + "0b0e7a52-2d6e-4c1f-9a35-2f5f3c1d9e77";
    static final String OUR_SIGNATURE = new ReasoningSignature("rs_01", "gAAAAABenc-one").encode();
    static final String OUR_SIGNATURE_2 = new ReasoningSignature(null, "gAAAAABenc-two").encode();
    static final String ANTHROPIC_SIGNATURE = "EqQBCkYIBxgCKkB";

    private CanonicalRequests() {}

    static JsonNode json(String text) {
        return WireJson.parse(text);
    }

    static Tool.Function bash() {
        return new Tool.Function(
                "Bash",
                "Executes a bash command",
                json(
                        "{\"type\":\"object\",\"properties\":{\"command\":{\"type\":\"string\"}},\"required\":[\"command\"]}"),
                CacheControl.EPHEMERAL);
    }

    static Tool.Function read() {
        return new Tool.Function(
                "Read",
                "Reads a file",
                json("{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"}}}"),
                null);
    }

    static Tool.Function mcp() {
        return new Tool.Function(MCP_TOOL, null, json("{\"type\":\"object\",\"properties\":{}}"), null);
    }

    static Tool.Server webSearch() {
        return new Tool.Server(
                "web_search_20250305",
                "web_search",
                json("{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"max_uses\":5}"));
    }

    static Tool.Server webFetch() {
        return new Tool.Server("web_fetch_20250910", "web_fetch", json("{\"type\":\"web_fetch_20250910\"}"));
    }

    /** A Claude Code tool loop: billing header, reminders, tool turns, foreign and own thinking. */
    static ChatRequest claudeCode() {
        return ChatRequest.builder()
                .model("gpt-5.1-codex")
                .system(List.of(
                        Content.Text.of("x-anthropic-billing-header: cc_version=2.1.332.a1b; cc_entrypoint=cli;"),
                        new Content.Text(
                                "You are Claude Code, Anthropic's official CLI for Claude.", CacheControl.EPHEMERAL),
                        new Content.Text(
                                "You are an interactive agent that helps users with software engineering tasks.",
                                CacheControl.EPHEMERAL)))
                .messages(List.of(
                        new Message(
                                Role.USER,
                                List.of(
                                        Content.Text.of(
                                                "<system-reminder>\nToday's date is 2026-11-02.\n</system-reminder>"),
                                        new Content.Text("List the files", CacheControl.EPHEMERAL))),
                        new Message(
                                Role.ASSISTANT,
                                List.of(
                                        new Content.Thinking("The user wants a listing.", OUR_SIGNATURE),
                                        Content.Text.of("Let me look."),
                                        new Content.ToolUse(
                                                "call_01A", "Bash", json("{\"command\":\"ls -la\"}"), null))),
                        new Message(
                                Role.USER,
                                List.of(new Content.ToolResult(
                                        "call_01A",
                                        List.of(Content.Text.of("a.txt\nb.txt")),
                                        false,
                                        CacheControl.EPHEMERAL))),
                        Message.of(Role.SYSTEM, "You are powered by the model gpt-5.1-codex."),
                        new Message(
                                Role.ASSISTANT,
                                List.of(
                                        new Content.Thinking("Anthropic thought.", ANTHROPIC_SIGNATURE),
                                        new Content.RedactedThinking("opaque"),
                                        new Content.ServerToolUse(
                                                "srvtoolu_1", "web_search", json("{\"query\":\"x\"}")),
                                        new Content.ServerToolResult(
                                                "web_search_tool_result", "srvtoolu_1", json("[]")),
                                        new Content.ToolUse("functions.Read:1", MCP_TOOL, json("{}"), null))),
                        new Message(
                                Role.USER,
                                List.of(
                                        new Content.ToolResult(
                                                "functions.Read:1",
                                                List.of(Content.Text.of("permission denied")),
                                                true,
                                                null),
                                        Content.Text.of("Try again"))),
                        new Message(
                                Role.ASSISTANT,
                                List.of(new Content.ToolUse(
                                        LONG_CALL_ID, "Bash", json("{\"command\":\"true\"}"), null))),
                        new Message(Role.USER, List.of(new Content.ToolResult(LONG_CALL_ID, List.of(), false, null))),
                        Message.of(Role.USER, "And now?")))
                .tools(List.of(bash(), mcp(), webSearch(), webFetch()))
                .toolChoice(new ToolChoice.Any(true))
                .sampling(new Sampling(32000, 1.0, null, 5, List.of("a", "b")))
                .thinking(new Thinking.Adaptive("summarized"))
                .effort("xhigh")
                .stream(true)
                .user("{\"device_id\":\"d1\",\"session_id\":\"s1\"}")
                .extension("context_management", json("{\"edits\":[]}"))
                .extension("openai.seed", json("7"))
                .extension("openai-responses.prompt_cache_key", StringNode.valueOf("s1"))
                .build();
    }

    /** Images, documents and a screenshot returned by a tool, with a response schema. */
    static ChatRequest media() {
        String plain = Base64.getEncoder().encodeToString("plain text, base64".getBytes(StandardCharsets.UTF_8));
        return ChatRequest.builder()
                .model("gpt-4.1")
                .system(List.of(Content.Text.of("You describe media.")))
                .messages(List.of(
                        new Message(
                                Role.USER,
                                List.of(
                                        Content.Text.of("What is in these?"),
                                        new Content.Image("image/png", new Content.Source.Base64("iVBORw0KGgo="), null),
                                        new Content.Image(
                                                null, new Content.Source.Url("https://example.com/cat.jpg"), null),
                                        new Content.Image("image/png", new Content.Source.File("file_123"), null),
                                        new Content.Document(
                                                "application/pdf",
                                                new Content.Source.Base64("JVBERi0xLjQ="),
                                                "report.pdf",
                                                null,
                                                null),
                                        new Content.Document(
                                                "text/plain",
                                                new Content.Source.PlainText("hello doc"),
                                                "notes.txt",
                                                null,
                                                null),
                                        new Content.Document(
                                                "text/plain", new Content.Source.Base64(plain), null, null, null),
                                        new Content.Document(
                                                null,
                                                new Content.Source.Url("https://example.com/a.pdf"),
                                                null,
                                                null,
                                                null),
                                        new Content.Document(
                                                null, new Content.Source.File("file_abc"), null, null, null))),
                        new Message(
                                Role.ASSISTANT,
                                List.of(
                                        Content.Text.of("A chart and a cat."),
                                        Content.Text.of("Let me take a screenshot."),
                                        new Content.ToolUse("toolu_9", "Screenshot", json("{}"), null))),
                        new Message(
                                Role.USER,
                                List.of(
                                        new Content.ToolResult(
                                                "toolu_9",
                                                List.of(
                                                        Content.Text.of("screenshot taken"),
                                                        new Content.Image(
                                                                "image/jpeg",
                                                                new Content.Source.Base64("/9j/4AAQ"),
                                                                null),
                                                        new Content.Document(
                                                                "application/pdf",
                                                                new Content.Source.Base64("JVBERi0xLjU="),
                                                                "b.pdf",
                                                                null,
                                                                null)),
                                                false,
                                                null),
                                        Content.Text.of("Describe it as JSON")))))
                .tools(List.of(
                        new Tool.Function("Screenshot", "Takes a screenshot", json("{\"type\":\"object\"}"), null)))
                .toolChoice(new ToolChoice.Named("Screenshot", false))
                .sampling(new Sampling(8, 0.2, 0.9, null, List.of()))
                .responseSchema(json("{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}}}"))
                .build();
    }

    /**
     * A conversation held with a Responses upstream: its reasoning comes back in signatures; an
     * interrupted call lacks its result and a stray result lacks its call.
     */
    static ChatRequest reasoningReplay() {
        return ChatRequest.builder()
                .model("o4-mini")
                .messages(List.of(
                        Message.of(Role.USER, "What is in a.txt?"),
                        new Message(
                                Role.ASSISTANT,
                                List.of(
                                        new Content.Thinking("I need to read the file.", OUR_SIGNATURE),
                                        new Content.ToolUse("call_abc", "Read", json("{\"path\":\"a.txt\"}"), null))),
                        new Message(
                                Role.USER,
                                List.of(new Content.ToolResult(
                                        "call_abc", List.of(Content.Text.of("42")), false, null))),
                        new Message(
                                Role.ASSISTANT,
                                List.of(
                                        new Content.Thinking("", OUR_SIGNATURE_2),
                                        new Content.Thinking("No signature.", null),
                                        new Content.Thinking("Corrupt.", ReasoningSignature.PREFIX + "!!!"),
                                        Content.Text.of("It contains 42."))),
                        Message.of(Role.USER, "Read b.txt too"),
                        new Message(
                                Role.ASSISTANT,
                                List.of(new Content.ToolUse(
                                        "call_interrupted", "Read", json("{\"path\":\"b.txt\"}"), null))),
                        new Message(
                                Role.USER,
                                List.of(
                                        new Content.ToolResult(
                                                "call_unknown", List.of(Content.Text.of("stray")), false, null),
                                        Content.Text.of("Never mind. Thanks.")))))
                .tools(List.of(read()))
                .toolChoice(new ToolChoice.Auto(false))
                .sampling(Sampling.DEFAULT.withMaxTokens(8192))
                .thinking(new Thinking.Enabled(2048))
                .stream(true)
                .build();
    }
}
