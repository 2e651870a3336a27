package dev.modelrouter.protocol.responses;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Sampling;
import dev.modelrouter.protocol.FunctionTools;
import dev.modelrouter.protocol.ReasoningEffort;
import dev.modelrouter.protocol.WireJson;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Canonical request → Responses body for an upstream. Stateless: {@code store:false}, the whole
 * conversation in {@code input}, reasoning carried forward as encrypted content. Stop sequences and
 * {@code top_k} have no equivalent and are dropped; extensions whose key starts with
 * {@code openai-responses.} are merged in without the prefix, so transformers can add parameters.
 */
final class ResponsesRequestWriter {

    static final String EXTENSION_PREFIX = "openai-responses.";

    /** OpenAI rejects a smaller {@code max_output_tokens} ("Expected a value >= 16"). */
    static final int MIN_OUTPUT_TOKENS = 16;

    private static final FunctionTools TOOLS = new FunctionTools(
            // Omitted, strict means strict mode, which rewrites optional parameters
            // (https://github.com/0xPlaygrounds/rig/issues/2477).
            (wire, function) -> FunctionTools.describe(wire.put("type", "function"), function)
                    .put("strict", false),
            (tools, server) -> {
                if (server.isWebSearch()) {
                    tools.add(webSearch(server.definition()));
                }
            },
            (body, name) ->
                    body.putObject("tool_choice").put("type", "function").put("name", name));

    private ResponsesRequestWriter() {}

    static ObjectNode write(ChatRequest request) {
        ObjectNode body = WireJson.object();
        body.put("model", request.model());
        String instructions = ResponsesInputWriter.instructions(request.system());
        if (instructions != null) {
            body.put("instructions", instructions);
        }
        body.set("input", ResponsesInputWriter.write(request.messages()));
        TOOLS.write(request, body);
        String effort = ReasoningEffort.of(request.thinking(), request.effort());
        writeSampling(request.sampling(), effort != null, body);
        if (effort != null) {
            body.putObject("reasoning").put("effort", effort).put("summary", "auto");
            // Without stored responses, encrypted content is the only way to carry reasoning forward.
            body.putArray("include").add("reasoning.encrypted_content");
        }
        if (request.responseSchema() != null) {
            ObjectNode format = body.putObject("text").putObject("format");
            format.put("type", "json_schema");
            format.put("name", "response");
            format.set("schema", request.responseSchema());
            format.put("strict", false);
        }
        body.put("store", false);
        body.put("stream", request.stream());
        for (Map.Entry<String, JsonNode> extension : request.extensions().entrySet()) {
            if (extension.getKey().startsWith(EXTENSION_PREFIX)) {
                body.set(extension.getKey().substring(EXTENSION_PREFIX.length()), extension.getValue());
            }
        }
        return body;
    }

    /**
     * Anthropic's {@code allowed_domains} and {@code user_location} in the Responses {@code web_search}
     * tool's spelling (https://platform.openai.com/docs/guides/tools-web-search); {@code blocked_domains}
     * and {@code max_uses} have no counterpart.
     */
    private static ObjectNode webSearch(JsonNode definition) {
        ObjectNode tool = WireJson.object().put("type", "web_search");
        JsonNode domains = definition.path("allowed_domains");
        if (domains.isArray() && !domains.isEmpty()) {
            tool.putObject("filters").set("allowed_domains", domains);
        }
        JsonNode location = definition.path("user_location");
        if (location.isObject()) {
            ObjectNode approximate = tool.putObject("user_location").put("type", "approximate");
            for (String field : new String[] {"city", "region", "country", "timezone"}) {
                if (location.path(field).isString()) {
                    approximate.put(field, location.path(field).stringValue());
                }
            }
        }
        return tool;
    }

    /**
     * Reasoning models reject {@code temperature} and {@code top_p}, so they are left out when reasoning
     * is asked for.
     */
    private static void writeSampling(Sampling sampling, boolean reasoning, ObjectNode body) {
        if (sampling.maxTokens() != null) {
            body.put("max_output_tokens", Math.max(MIN_OUTPUT_TOKENS, sampling.maxTokens()));
        }
        if (reasoning) {
            return;
        }
        if (sampling.temperature() != null) {
            body.put("temperature", sampling.temperature());
        }
        if (sampling.topP() != null) {
            body.put("top_p", sampling.topP());
        }
    }
}
