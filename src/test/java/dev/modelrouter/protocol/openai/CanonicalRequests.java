package dev.modelrouter.protocol.openai;

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
import tools.jackson.databind.node.IntNode;

/** Anthropic-shaped canonical requests, as the Anthropic codec produces them from Claude Code. */
final class CanonicalRequests {

    static final String MCP_TOOL =
            "mcp__plugin_chrome-devtools-mcp_chrome-devtools__performance_analyze_insight_for_trace";

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

    static ChatRequest claudeCode() {
        return ChatRequest.builder()
                .model("deepseek-chat")
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
                                        new Content.Thinking("The user wants a listing.", "EqQBCkYIBxgCKkB"),
                                        Content.Text.of("Let me look."),
                                        new Content.ToolUse(
                                                "toolu_01A", "Bash", json("{\"command\":\"ls -la\"}"), null))),
                        new Message(
                                Role.USER,
                                List.of(new Content.ToolResult(
                                        "toolu_01A",
                                        List.of(Content.Text.of("a.txt\nb.txt")),
                                        false,
                                        CacheControl.EPHEMERAL))),
                        Message.of(Role.SYSTEM, "You are powered by the model deepseek-chat."),
                        new Message(
                                Role.ASSISTANT,
                                List.of(
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
                                List.of(new Content.ToolUse("toolu_03", "Bash", json("{\"command\":\"true\"}"), null))),
                        new Message(Role.USER, List.of(new Content.ToolResult("toolu_03", List.of(), false, null))),
                        Message.of(Role.USER, "And now?")))
                .tools(List.of(bash(), mcp(), webSearch()))
                .toolChoice(new ToolChoice.Any(true))
                .sampling(new Sampling(32000, 1.0, null, 5, List.of("a", "b", "c", "d", "e")))
                .thinking(new Thinking.Adaptive("omitted"))
                .effort("xhigh")
                .stream(true)
                .user("{\"device_id\":\"d1\",\"session_id\":\"s1\"}")
                .extension("context_management", json("{\"edits\":[]}"))
                .extension("openai.seed", IntNode.valueOf(7))
                .build();
    }

    static ChatRequest images() {
        return ChatRequest.builder()
                .model("gpt-4o")
                .messages(List.of(
                        new Message(
                                Role.USER,
                                List.of(
                                        Content.Text.of("What is in these?"),
                                        new Content.Image("image/png", new Content.Source.Base64("iVBORw0KGgo="), null),
                                        new Content.Image(
                                                null, new Content.Source.Url("https://example.com/cat.jpg"), null),
                                        new Content.Image("image/png", new Content.Source.File("file_123"), null))),
                        new Message(
                                Role.ASSISTANT,
                                List.of(
                                        Content.Text.of("A chart and a cat. Let me take a screenshot."),
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
                                                                null)),
                                                false,
                                                null),
                                        Content.Text.of("Describe it")))))
                .tools(List.of(
                        new Tool.Function("Screenshot", "Takes a screenshot", json("{\"type\":\"object\"}"), null)))
                .sampling(Sampling.DEFAULT.withMaxTokens(1024))
                .build();
    }

    static ChatRequest documents() {
        String plain = Base64.getEncoder().encodeToString("plain text, base64".getBytes(StandardCharsets.UTF_8));
        return ChatRequest.builder()
                .model("gpt-4.1")
                .system(List.of(Content.Text.of("You summarize documents.")))
                .messages(List.of(
                        new Message(
                                Role.USER,
                                List.of(
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
                                                null, new Content.Source.File("file_abc"), null, null, null),
                                        Content.Text.of("Summarize"))),
                        new Message(
                                Role.ASSISTANT,
                                List.of(new Content.ToolUse(
                                        "toolu_d", "Fetch", json("{\"url\":\"https://example.com/b.pdf\"}"), null))),
                        new Message(
                                Role.USER,
                                List.of(new Content.ToolResult(
                                        "toolu_d",
                                        List.of(
                                                new Content.Document(
                                                        "text/plain",
                                                        new Content.Source.PlainText("fetched text"),
                                                        null,
                                                        null,
                                                        null),
                                                new Content.Document(
                                                        "application/pdf",
                                                        new Content.Source.Base64("JVBERi0xLjU="),
                                                        "b.pdf",
                                                        null,
                                                        null)),
                                        false,
                                        null)))))
                .tools(List.of(new Tool.Function("Fetch", null, json("{\"type\":\"object\"}"), null)))
                .build();
    }

    static ChatRequest deepSeekThinking() {
        return ChatRequest.builder()
                .model("deepseek-reasoner")
                .messages(List.of(
                        Message.of(Role.USER, "What is in a.txt?"),
                        new Message(
                                Role.ASSISTANT,
                                List.of(
                                        new Content.Thinking("I need to read the file.", null),
                                        new Content.ToolUse(
                                                "call_00_abc", "Read", json("{\"path\":\"a.txt\"}"), null))),
                        new Message(
                                Role.USER,
                                List.of(new Content.ToolResult(
                                        "call_00_abc", List.of(Content.Text.of("42")), false, null))),
                        new Message(
                                Role.ASSISTANT,
                                List.of(
                                        new Content.Thinking("", "sig-only"),
                                        new Content.Thinking("The file says 42.", "rtr1.x"),
                                        Content.Text.of("It contains 42."))),
                        Message.of(Role.USER, "Thanks. Answer as JSON.")))
                .tools(List.of(read()))
                .toolChoice(new ToolChoice.Auto(false))
                .sampling(Sampling.DEFAULT.withMaxTokens(8192))
                .thinking(new Thinking.Enabled(2048))
                .responseSchema(json("{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}}}"))
                .stream(true)
                .build();
    }

    static ChatRequest parallelToolCalls() {
        return ChatRequest.builder()
                .model("kimi-k2")
                .system(List.of(Content.Text.of("Be brief.")))
                .messages(List.of(
                        Message.of(Role.USER, "Read a and b"),
                        Message.of(Role.USER, "in parallel"),
                        new Message(
                                Role.ASSISTANT,
                                List.of(
                                        Content.Text.of("Reading both."),
                                        new Content.ToolUse("functions.Read:0", "Read", json("{\"path\":\"a\"}"), null),
                                        new Content.ToolUse(
                                                "functions.Read:1", "Read", json("{\"path\":\"b\"}"), null))),
                        new Message(
                                Role.USER,
                                List.of(
                                        new Content.ToolResult(
                                                "functions.Read:0", List.of(Content.Text.of("A")), false, null),
                                        new Content.ToolResult(
                                                "functions.Read:1",
                                                List.of(Content.Text.of("B1"), Content.Text.of("B2")),
                                                false,
                                                null)))))
                .tools(List.of(read()))
                .toolChoice(new ToolChoice.Named("Read", false))
                .build();
    }
}
