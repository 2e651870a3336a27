package dev.modelrouter.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Read access to a Chat Completions request body, for checking what a conversion carried. */
record OpenAiBody(JsonNode body) {

    /** The texts of the messages of {@code role}: string contents and text parts. */
    List<String> texts(String role) {
        List<String> texts = new ArrayList<>();
        for (JsonNode message : body.path("messages")) {
            if (!message.path("role").asString("").equals(role)) {
                continue;
            }
            JsonNode content = message.path("content");
            if (content.isString()) {
                texts.add(content.asString());
            }
            for (JsonNode part : content) {
                texts.add(part.path("text").asString(""));
            }
        }
        return texts;
    }

    /** The function of the call {@code id}, its arguments as written. */
    JsonNode call(String id) {
        List<JsonNode> found = calls().stream()
                .filter(call -> call.path("id").asString("").equals(id))
                .toList();
        assertThat(found).as("tool call " + id).hasSize(1);
        return found.get(0).get("function");
    }

    int callCount() {
        return calls().size();
    }

    /** The content of the one tool message answering {@code id}. */
    String toolOutput(String id) {
        List<JsonNode> found = toolMessages().stream()
                .filter(message -> message.path("tool_call_id").asString("").equals(id))
                .toList();
        assertThat(found).as("tool message for " + id).hasSize(1);
        return found.get(0).path("content").asString();
    }

    int toolOutputCount() {
        return toolMessages().size();
    }

    List<JsonNode> tools() {
        List<JsonNode> tools = new ArrayList<>();
        body.path("tools").forEach(tools::add);
        return tools;
    }

    /** The function definition named {@code name}. */
    JsonNode tool(String name) {
        List<JsonNode> found = tools().stream()
                .map(tool -> tool.path("function"))
                .filter(function -> function.path("name").asString("").equals(name))
                .toList();
        assertThat(found).as("tool " + name).hasSize(1);
        return found.get(0);
    }

    private List<JsonNode> calls() {
        List<JsonNode> calls = new ArrayList<>();
        body.path("messages").forEach(message -> message.path("tool_calls").forEach(calls::add));
        return calls;
    }

    private List<JsonNode> toolMessages() {
        List<JsonNode> messages = new ArrayList<>();
        body.path("messages").forEach(message -> {
            if (message.path("role").asString("").equals("tool")) {
                messages.add(message);
            }
        });
        return messages;
    }
}
