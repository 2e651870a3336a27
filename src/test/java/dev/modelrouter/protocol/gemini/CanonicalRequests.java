package dev.modelrouter.protocol.gemini;

import dev.modelrouter.model.CacheControl;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.Sampling;
import dev.modelrouter.model.Thinking;
import dev.modelrouter.model.Tool;
import dev.modelrouter.model.ToolChoice;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Anthropic-shaped canonical requests, as the Anthropic codec produces them from Claude Code. */
final class CanonicalRequests {

    /** A signature that came from Gemini earlier in the session, as the stream reader marks it. */
    static final String GEMINI_SIGNATURE = ThoughtSignatures.PREFIX + "Q2lnLXJlYWQ=";

    private CanonicalRequests() {}

    static JsonNode json(String text) {
        return Json.parse(text);
    }

    static Tool.Function read() {
        return new Tool.Function(
                "Read",
                "Reads a file",
                json("{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\","
                        + "\"properties\":{\"file_path\":{\"type\":\"string\"},\"offset\":{\"type\":\"integer\","
                        + "\"exclusiveMinimum\":0}},\"required\":[\"file_path\"],\"additionalProperties\":false}"),
                CacheControl.EPHEMERAL);
    }

    static Tool.Function bash() {
        return new Tool.Function(
                "Bash",
                "Executes a bash command",
                json("{\"type\":\"object\",\"properties\":{\"command\":{\"type\":\"string\"},"
                        + "\"timeout\":{\"type\":[\"number\",\"null\"]}},\"required\":[\"command\"]}"),
                null);
    }

    static Tool.Function grep() {
        return new Tool.Function(
                "Grep", null, json("{\"type\":\"object\",\"properties\":{\"pattern\":{\"type\":\"string\"}}}"), null);
    }

    static Tool.Function listAgents() {
        return new Tool.Function("ListAgents", "Lists agents", json("{\"type\":\"object\",\"properties\":{}}"), null);
    }

    static Tool.Server webSearch() {
        return new Tool.Server(
                "web_search_20250305",
                "web_search",
                json("{\"type\":\"web_search_20250305\",\"name\":\"web_search\",\"max_uses\":5}"));
    }

    /**
     * A Claude Code tool loop that was served by Gemini, then by Claude (a foreign signature), with an
     * orphaned parallel call, a mid-conversation system note, an image in a tool result, and a last
     * step in the current turn whose call has no signature.
     */
    static ChatRequest claudeCode() {
        return ChatRequest.builder()
                .model("gemini-3-pro-preview")
                .system(List.of(
                        Content.Text.of("x-anthropic-billing-header: cc_version=2.1.332.a1b; cc_entrypoint=cli;"),
                        new Content.Text(
                                "You are Claude Code, Anthropic's official CLI for Claude.", CacheControl.EPHEMERAL)))
                .messages(List.of(
                        new Message(
                                Role.USER,
                                List.of(
                                        Content.Text.of(
                                                "<system-reminder>\nToday's date is 2026-11-02.\n</system-reminder>"),
                                        new Content.Text("Fix the failing test", CacheControl.EPHEMERAL),
                                        new Content.Image(
                                                "image/png", new Content.Source.Base64("iVBORw0KGgo="), null))),
                        new Message(
                                Role.ASSISTANT,
                                List.of(
                                        new Content.Thinking("I should read the test first.", GEMINI_SIGNATURE),
                                        Content.Text.of("Let me read it."),
                                        new Content.ToolUse(
                                                "gmcall_abc123",
                                                "Read",
                                                json("{\"file_path\":\"/t/a_test.py\"}"),
                                                null))),
                        new Message(
                                Role.USER,
                                List.of(new Content.ToolResult(
                                        "gmcall_abc123",
                                        List.of(Content.Text.of("def test(): assert f() == 2")),
                                        false,
                                        CacheControl.EPHEMERAL))),
                        new Message(
                                Role.ASSISTANT,
                                List.of(
                                        new Content.Thinking("Claude's reasoning", "EqQBCkYIBxgCKkB"),
                                        new Content.ToolUse(
                                                "toolu_01B", "Bash", json("{\"command\":\"pytest\"}"), null),
                                        new Content.ToolUse(
                                                "toolu_01C", "Grep", json("{\"pattern\":\"def f\"}"), null))),
                        new Message(
                                Role.USER,
                                List.of(
                                        new Content.ToolResult(
                                                "toolu_01B", List.of(Content.Text.of("permission denied")), true, null),
                                        Content.Text.of("Try again without pytest"))),
                        Message.of(Role.SYSTEM, "You are powered by gemini-3-pro-preview."),
                        new Message(
                                Role.ASSISTANT,
                                List.of(
                                        new Content.Thinking("", ThoughtSignatures.PREFIX + "c2lnLWJhc2g="),
                                        new Content.ToolUse(
                                                "toolu_01D",
                                                "Bash",
                                                json("{\"command\":\"python -m unittest\"}"),
                                                null))),
                        new Message(
                                Role.USER,
                                List.of(new Content.ToolResult(
                                        "toolu_01D",
                                        List.of(
                                                Content.Text.of("screenshot of the failure"),
                                                new Content.Image(
                                                        "image/jpeg", new Content.Source.Base64("/9j/4AAQ"), null)),
                                        false,
                                        null))),
                        new Message(
                                Role.ASSISTANT,
                                List.of(
                                        new Content.RedactedThinking("opaque"),
                                        new Content.ToolUse("toolu_01E", "ListAgents", json("{}"), null))),
                        new Message(
                                Role.USER,
                                List.of(
                                        new Content.ToolResult("toolu_01E", List.of(), false, null),
                                        new Content.ToolResult(
                                                "toolu_unknown", List.of(Content.Text.of("late")), false, null)))))
                .tools(List.of(read(), bash(), grep(), listAgents(), webSearch()))
                .toolChoice(new ToolChoice.Auto(true))
                .sampling(new Sampling(32000, 1.0, 0.95, 40, List.of("a", "b", "c", "d", "e", "f")))
                .thinking(new Thinking.Enabled(8192))
                .stream(true)
                .user("{\"session_id\":\"s1\"}")
                .extension("context_management", json("{\"edits\":[]}"))
                .extension(
                        "gemini.safetySettings",
                        json("[{\"category\":\"HARM_CATEGORY_HARASSMENT\",\"threshold\":\"BLOCK_NONE\"}]"))
                .extension("gemini.generationConfig", json("{\"seed\":7,\"maxOutputTokens\":1}"))
                .build();
    }

    /** Media of every source kind, a structured answer and a named tool choice. */
    static ChatRequest media() {
        return ChatRequest.builder()
                .model("gemini-2.5-flash")
                .system(List.of(Content.Text.of("You summarize documents.")))
                .messages(List.of(
                        new Message(
                                Role.USER,
                                List.of(
                                        Content.Text.of("What is in these?"),
                                        new Content.Image(null, new Content.Source.Base64("R0lGODlh"), null),
                                        new Content.Image(
                                                null, new Content.Source.Url("https://example.com/cat.JPG?x=1"), null),
                                        new Content.Image(
                                                null, new Content.Source.Url("data:image/webp;base64,UklGRg=="), null),
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
                                                null, new Content.Source.Url("gs://bucket/a.pdf"), null, null, null),
                                        Content.Text.of(""))),
                        Message.of(Role.USER, "Answer as JSON.")))
                .tools(List.of(read(), webSearch()))
                .toolChoice(new ToolChoice.Named("Read", false))
                .sampling(Sampling.DEFAULT.withMaxTokens(1024))
                .thinking(new Thinking.Disabled())
                .responseSchema(
                        json("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
                                + "\"properties\":{\"answer\":{\"type\":\"string\"}},\"additionalProperties\":false}"))
                .build();
    }
}
