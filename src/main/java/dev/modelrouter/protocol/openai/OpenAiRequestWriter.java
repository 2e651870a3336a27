package dev.modelrouter.protocol.openai;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Sampling;
import dev.modelrouter.protocol.FunctionTools;
import dev.modelrouter.protocol.ReasoningEffort;
import dev.modelrouter.protocol.WireJson;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Canonical request → OpenAI Chat Completions body for an upstream. Anthropic-only data (cache
 * breakpoints, server tools, signatures, Anthropic wire extensions) never leaves; extensions whose key
 * starts with {@code openai.} are merged in without the prefix, so transformers can add parameters.
 */
final class OpenAiRequestWriter {

    static final String EXTENSION_PREFIX = "openai.";
    private static final int MAX_STOP = 4;
    /** OpenAI rejects a longer {@code user} ("string too long ... maximum length 64"). */
    static final int MAX_USER = 64;

    /** Server tools have no input_schema; as functions they 400 (https://github.com/router-for-me/CLIProxyAPI/issues/5569). */
    private static final FunctionTools TOOLS = new FunctionTools(
            (wire, function) -> {
                ObjectNode spec =
                        FunctionTools.describe(wire.put("type", "function").putObject("function"), function);
                JsonNode strict = function.extras().get("strict");
                if (strict != null && strict.isBoolean()) {
                    spec.put("strict", strict.booleanValue());
                }
            },
            (tools, server) -> {}, // web search is mapped by OpenAiWebSearchWriter
            (body, name) -> body.putObject("tool_choice")
                    .put("type", "function")
                    .putObject("function")
                    .put("name", name));

    private OpenAiRequestWriter() {}

    static ObjectNode write(ChatRequest request, OpenAiVendor vendor) {
        ObjectNode body = WireJson.object();
        body.put("model", request.model());
        body.set("messages", OpenAiMessageWriter.write(request.system(), request.messages(), vendor));
        TOOLS.write(request, body);
        OpenAiWebSearchWriter.write(request, vendor, body);
        writeSampling(request.sampling(), body);
        if (request.stream()) {
            body.put("stream", true);
            // Without it most servers send no usage in streams (https://github.com/openkursar/hello-halo/issues/181).
            body.putObject("stream_options").put("include_usage", true);
        }
        String effort = ReasoningEffort.of(request.thinking(), request.effort());
        if (effort != null) {
            body.put("reasoning_effort", effort);
        }
        if (request.responseSchema() != null) {
            ObjectNode format = body.putObject("response_format");
            format.put("type", "json_schema");
            ObjectNode schema = format.putObject("json_schema");
            schema.put("name", "response");
            schema.set("schema", request.responseSchema());
        }
        // Claude Code's metadata.user_id is a JSON object of about 140 characters; OpenAI 400s on a user
        // over 64 characters, so a longer id is not sent (it only feeds the vendor's abuse tracking).
        if (request.user() != null && request.user().length() <= MAX_USER) {
            body.put("user", request.user());
        }
        for (Map.Entry<String, JsonNode> extension : request.extensions().entrySet()) {
            if (extension.getKey().startsWith(EXTENSION_PREFIX)) {
                body.set(extension.getKey().substring(EXTENSION_PREFIX.length()), extension.getValue());
            }
        }
        return body;
    }

    private static void writeSampling(Sampling sampling, ObjectNode body) {
        if (sampling.maxTokens() != null) {
            body.put("max_tokens", sampling.maxTokens());
        }
        if (sampling.temperature() != null) {
            body.put("temperature", sampling.temperature());
        }
        if (sampling.topP() != null) {
            body.put("top_p", sampling.topP());
        }
        if (!sampling.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            sampling.stop().stream().limit(MAX_STOP).forEach(stop::add);
        }
    }
}
