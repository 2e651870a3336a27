package dev.modelrouter.protocol.gemini;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.Sampling;
import dev.modelrouter.model.Thinking;
import dev.modelrouter.model.Tool;
import dev.modelrouter.model.ToolChoice;
import dev.modelrouter.protocol.DeclaredTools;
import dev.modelrouter.protocol.WireJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Gemini client's {@code generateContent} body → canonical request. The model is in the URL, so the
 * request's model stays empty unless the body names one; streaming is in the URL too. Top-level
 * fields the canonical model has no place for ({@code safetySettings}, {@code cachedContent}, ...) are
 * kept as {@code gemini.<field>} extensions, and unknown {@code generationConfig} fields as a
 * {@code gemini.generationConfig} object, so a Gemini upstream still gets them.
 */
final class GeminiRequestReader {

    private static final Set<String> MAPPED = Set.of(
            "model", "contents", "systemInstruction", "tools", "toolConfig", GeminiRequestWriter.GENERATION_CONFIG);
    private static final Set<String> MAPPED_GENERATION = Set.of(
            "maxOutputTokens",
            "temperature",
            "topP",
            "topK",
            "stopSequences",
            "responseMimeType",
            "responseJsonSchema",
            "responseSchema",
            "thinkingConfig");
    private static final String WEB_SEARCH = "web_search_20250305";

    private GeminiRequestReader() {}

    static ChatRequest read(JsonNode body) {
        if (!body.isObject()) {
            throw RouterException.invalid("body: must be a JSON object");
        }
        String model = Json.text(body, "model");
        ChatRequest.Builder request = ChatRequest.builder()
                .model(model == null ? "" : model.replaceFirst("^models/", ""))
                .system(system(Json.field(body, "systemInstruction")))
                .messages(GeminiContentReader.read(Json.field(body, "contents")))
                .tools(tools(Json.field(body, "tools")))
                .toolChoice(toolChoice(Json.field(Json.field(body, "toolConfig"), "functionCallingConfig")));
        JsonNode generation = Json.field(body, GeminiRequestWriter.GENERATION_CONFIG);
        if (generation != null && !generation.isObject()) {
            throw RouterException.invalid("generationConfig: must be an object");
        }
        if (generation != null) {
            generation(generation, request);
        }
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!MAPPED.contains(camel(field.getKey())) && !field.getValue().isNull()) {
                request.extension(GeminiRequestWriter.EXTENSION_PREFIX + camel(field.getKey()), field.getValue());
            }
        }
        return request.build();
    }

    private static List<Content.Text> system(@Nullable JsonNode instruction) {
        List<Content.Text> system = new ArrayList<>();
        if (instruction == null) {
            return system;
        }
        if (instruction.isString()) {
            system.add(Content.Text.of(instruction.stringValue()));
            return system;
        }
        for (JsonNode part : Json.elements(instruction, "parts")) {
            String text = Json.text(part, "text");
            if (text != null && !text.isEmpty()) {
                system.add(Content.Text.of(text));
            }
        }
        return system;
    }

    private static List<Tool> tools(@Nullable JsonNode tools) {
        return DeclaredTools.read(tools, (tool, i, out) -> {
            JsonNode declarations = Json.elements(tool, "functionDeclarations");
            for (int j = 0; j < declarations.size(); j++) {
                out.add(function(declarations.get(j), "tools." + i + ".functionDeclarations." + j));
            }
            if (Json.field(tool, "googleSearch") != null || Json.field(tool, "googleSearchRetrieval") != null) {
                ObjectNode definition = Json.object().put("type", WEB_SEARCH).put("name", "web_search");
                out.add(new Tool.Server(WEB_SEARCH, "web_search", definition));
            }
        });
    }

    private static Tool.Function function(JsonNode declaration, String path) {
        String name = DeclaredTools.name(Json.text(declaration, "name"), path + ".name");
        JsonNode schema = Json.field(declaration, "parametersJsonSchema");
        if (schema == null) {
            JsonNode legacy = Json.field(declaration, "parameters");
            schema = legacy == null ? null : SchemaScrubber.fromLegacy(legacy);
        }
        return new Tool.Function(
                name,
                Json.text(declaration, "description"),
                schema != null ? schema : DeclaredTools.noParameters(),
                null);
    }

    private static @Nullable ToolChoice toolChoice(@Nullable JsonNode config) {
        String mode = Json.text(config, "mode");
        if (mode == null) {
            return null;
        }
        switch (mode.toUpperCase(Locale.ROOT)) {
            case "AUTO", "VALIDATED", "MODE_UNSPECIFIED":
                return new ToolChoice.Auto(false);
            case "NONE":
                return new ToolChoice.None();
            case "ANY":
                JsonNode allowed = Json.elements(config, "allowedFunctionNames");
                return allowed.size() == 1 && allowed.get(0).isString()
                        ? new ToolChoice.Named(allowed.get(0).stringValue(), false)
                        : new ToolChoice.Any(false);
            default:
                throw RouterException.invalid(
                        "toolConfig.functionCallingConfig.mode: \"" + mode + "\" is not supported");
        }
    }

    private static void generation(JsonNode config, ChatRequest.Builder request) {
        List<String> stop = new ArrayList<>();
        JsonNode stopNode = Json.elements(config, "stopSequences");
        for (int i = 0; i < stopNode.size(); i++) {
            if (!stopNode.get(i).isString()) {
                throw RouterException.invalid("generationConfig.stopSequences." + i + ": must be a string");
            }
            stop.add(stopNode.get(i).stringValue());
        }
        request.sampling(new Sampling(
                integer(config, "maxOutputTokens"),
                number(config, "temperature"),
                number(config, "topP"),
                integer(config, "topK"),
                stop));
        JsonNode schema = Json.field(config, "responseJsonSchema");
        if (schema == null && Json.field(config, "responseSchema") != null) {
            schema = SchemaScrubber.fromLegacy(Json.field(config, "responseSchema"));
        }
        request.responseSchema(schema);
        JsonNode thinking = Json.field(config, "thinkingConfig");
        if (thinking != null) {
            JsonNode budget = Json.field(thinking, "thinkingBudget");
            if (budget != null && budget.isIntegralNumber()) {
                int value = WireJson.saturatedInt(budget);
                request.thinking(
                        value == 0
                                ? new Thinking.Disabled()
                                : value < 0 ? new Thinking.Adaptive(null) : new Thinking.Enabled(value));
            } else if (Json.isTrue(thinking, "includeThoughts")) {
                request.thinking(new Thinking.Adaptive(null));
            }
            String level = Json.text(thinking, "thinkingLevel");
            if (level != null) {
                request.effort(level.toLowerCase(Locale.ROOT));
            }
        }
        ObjectNode rest = Json.object();
        for (Map.Entry<String, JsonNode> field : config.properties()) {
            if (!MAPPED_GENERATION.contains(camel(field.getKey()))) {
                rest.set(camel(field.getKey()), field.getValue());
            }
        }
        if (!rest.isEmpty()) {
            request.extension(GeminiRequestWriter.EXTENSION_PREFIX + GeminiRequestWriter.GENERATION_CONFIG, rest);
        }
    }

    private static @Nullable Integer integer(JsonNode config, String field) {
        return WireJson.requestInt(Json.field(config, field), "generationConfig." + field);
    }

    private static @Nullable Double number(JsonNode config, String field) {
        return WireJson.requestNumber(Json.field(config, field), "generationConfig." + field);
    }

    /** {@code snake_case} → {@code camelCase}, so both spellings of a field are one field. */
    static String camel(String name) {
        if (name.indexOf('_') < 0) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' && i > 0) {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
