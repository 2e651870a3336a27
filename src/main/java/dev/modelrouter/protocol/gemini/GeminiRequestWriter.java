package dev.modelrouter.protocol.gemini;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Sampling;
import dev.modelrouter.model.Thinking;
import dev.modelrouter.model.Tool;
import dev.modelrouter.model.ToolChoice;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Canonical request → {@code generateContent} body. The model and streaming are in the URL, not the
 * body. Extensions whose key starts with {@code gemini.} are set at the top level without the prefix
 * ({@code gemini.safetySettings}, ...), and the fields of a {@code gemini.generationConfig} extension
 * fill {@code generationConfig} where the canonical request set nothing.
 */
final class GeminiRequestWriter {

    static final String EXTENSION_PREFIX = "gemini.";
    static final String GENERATION_CONFIG = "generationConfig";

    /** Claude Code's first system block changes every request ({@code cc_version}); it would defeat the prefix cache. */
    static final String BILLING_HEADER = "x-anthropic-billing-header:";

    private static final int MAX_STOP = 5;
    private static final Pattern VERSION = Pattern.compile("gemini-(\\d+)");

    private GeminiRequestWriter() {}

    static ObjectNode write(ChatRequest request, boolean legacySchemas) {
        ObjectNode body = Json.object();
        int major = majorVersion(request.model());
        List<Content.Text> system = request.system();
        ArrayNode systemParts = Json.array();
        for (int i = 0; i < system.size(); i++) {
            String text = system.get(i).text();
            if (!text.isEmpty() && !(i == 0 && text.startsWith(BILLING_HEADER))) {
                systemParts.addObject().put("text", text);
            }
        }
        if (!systemParts.isEmpty()) {
            body.putObject("systemInstruction").set("parts", systemParts);
        }
        body.set("contents", GeminiContentWriter.write(request.messages(), major >= 3));
        writeTools(request, major, legacySchemas, body);
        ObjectNode generation = generationConfig(request, major);
        for (Map.Entry<String, JsonNode> extension : request.extensions().entrySet()) {
            String key = extension.getKey();
            if (!key.startsWith(EXTENSION_PREFIX)) {
                continue;
            }
            String field = key.substring(EXTENSION_PREFIX.length());
            if (field.equals(GENERATION_CONFIG) && extension.getValue().isObject()) {
                extension.getValue().properties().forEach(e -> {
                    if (!generation.has(e.getKey())) {
                        generation.set(e.getKey(), e.getValue());
                    }
                });
            } else {
                body.set(field, extension.getValue());
            }
        }
        if (!generation.isEmpty()) {
            body.set(GENERATION_CONFIG, generation);
        }
        return body;
    }

    /** The major version of a {@code gemini-N...} model name, or 0 when the name does not say. */
    static int majorVersion(String model) {
        Matcher matcher = VERSION.matcher(model.toLowerCase(Locale.ROOT));
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    private static void writeTools(ChatRequest request, int major, boolean legacySchemas, ObjectNode body) {
        ArrayNode declarations = Json.array();
        Set<String> names = new HashSet<>();
        boolean search = false;
        for (Tool tool : request.tools()) {
            if (tool instanceof Tool.Function function) {
                ObjectNode declaration = declarations.addObject();
                declaration.put("name", function.name());
                if (function.description() != null) {
                    declaration.put("description", function.description());
                }
                if (legacySchemas) {
                    ObjectNode parameters = SchemaScrubber.legacy(function.inputSchema());
                    if (parameters != null) {
                        declaration.set("parameters", parameters);
                    }
                } else if (SchemaScrubber.hasArguments(function.inputSchema())) {
                    declaration.set("parametersJsonSchema", SchemaScrubber.jsonSchema(function.inputSchema()));
                }
                names.add(function.name());
            } else if (tool instanceof Tool.Server server) {
                search |= server.isWebSearch();
            } else {
                throw new IllegalStateException(
                        "unhandled tool " + tool.getClass().getName());
            }
        }
        ArrayNode tools = Json.array();
        if (!declarations.isEmpty()) {
            tools.addObject().set("functionDeclarations", declarations);
        }
        // Gemini 2.x rejects Google Search next to function declarations
        // (https://ai.google.dev/gemini-api/docs/function-calling#multi-tool-use); the functions win.
        if (search && (declarations.isEmpty() || major == 0 || major >= 3)) {
            tools.addObject().putObject("googleSearch");
        }
        if (tools.isEmpty()) {
            return;
        }
        body.set("tools", tools);
        ToolChoice choice = request.toolChoice();
        if (choice == null || declarations.isEmpty()) {
            return;
        }
        ObjectNode config = body.putObject("toolConfig").putObject("functionCallingConfig");
        if (choice instanceof ToolChoice.Auto) {
            config.put("mode", "AUTO");
        } else if (choice instanceof ToolChoice.Any) {
            config.put("mode", "ANY");
        } else if (choice instanceof ToolChoice.None) {
            config.put("mode", "NONE");
        } else if (choice instanceof ToolChoice.Named named) {
            if (names.contains(named.name())) {
                config.put("mode", "ANY");
                config.putArray("allowedFunctionNames").add(named.name());
            } else {
                config.put("mode", "AUTO"); // a server tool, which Gemini cannot be forced to use
            }
        } else {
            throw new IllegalStateException(
                    "unhandled tool choice " + choice.getClass().getName());
        }
    }

    private static ObjectNode generationConfig(ChatRequest request, int major) {
        ObjectNode config = Json.object();
        Sampling sampling = request.sampling();
        if (sampling.maxTokens() != null) {
            config.put("maxOutputTokens", sampling.maxTokens());
        }
        if (sampling.temperature() != null) {
            config.put("temperature", sampling.temperature());
        }
        if (sampling.topP() != null) {
            config.put("topP", sampling.topP());
        }
        if (sampling.topK() != null) {
            config.put("topK", sampling.topK());
        }
        if (!sampling.stop().isEmpty()) {
            ArrayNode stop = config.putArray("stopSequences");
            sampling.stop().stream().limit(MAX_STOP).forEach(stop::add);
        }
        if (request.responseSchema() != null) {
            config.put("responseMimeType", "application/json");
            config.set("responseJsonSchema", SchemaScrubber.jsonSchema(request.responseSchema()));
        }
        ObjectNode thinking = thinkingConfig(request.thinking(), request.effort(), request.model());
        if (thinking != null) {
            config.set("thinkingConfig", thinking);
        }
        return config;
    }

    /**
     * An explicit budget wins, then an explicit "off", then an effort level (mapped to a budget:
     * low 1024, medium 8192, high and above 24576), then adaptive thinking, which only asks for the
     * thought summaries. Pro models cannot turn thinking off, so "off" is omitted for them.
     */
    static @Nullable ObjectNode thinkingConfig(@Nullable Thinking thinking, @Nullable String effort, String model) {
        boolean includeThoughts =
                !(thinking instanceof Thinking.Adaptive adaptive && "omitted".equals(adaptive.display()));
        ObjectNode config = Json.object();
        if (thinking instanceof Thinking.Enabled enabled) {
            return config.put("thinkingBudget", enabled.budgetTokens()).put("includeThoughts", true);
        }
        boolean pro = model.toLowerCase(Locale.ROOT).contains("pro");
        if (thinking instanceof Thinking.Disabled) {
            return pro ? null : config.put("thinkingBudget", 0);
        }
        if (effort != null) {
            int budget = switch (effort.toLowerCase(Locale.ROOT)) {
                case "none" -> 0;
                case "minimal", "low" -> 1024;
                case "medium" -> 8192;
                default -> 24576;
            };
            if (budget == 0) {
                return pro ? null : config.put("thinkingBudget", 0);
            }
            return config.put("thinkingBudget", budget).put("includeThoughts", includeThoughts);
        }
        if (thinking instanceof Thinking.Adaptive) {
            return includeThoughts ? config.put("includeThoughts", true) : null;
        }
        return null;
    }
}
