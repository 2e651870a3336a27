package dev.modelrouter.protocol.openai;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Sampling;
import dev.modelrouter.model.Thinking;
import dev.modelrouter.model.Tool;
import dev.modelrouter.model.ToolChoice;
import dev.modelrouter.protocol.FunctionToolChoice;
import dev.modelrouter.protocol.ToolNames;
import dev.modelrouter.protocol.WireJson;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
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

    private OpenAiRequestWriter() {}

    static ObjectNode write(ChatRequest request, OpenAiVendor vendor) {
        ObjectNode body = WireJson.object();
        body.put("model", request.model());
        body.set("messages", OpenAiMessageWriter.write(request.system(), request.messages(), vendor));
        writeTools(request, body);
        OpenAiWebSearchWriter.write(request, vendor, body);
        writeSampling(request.sampling(), body);
        if (request.stream()) {
            body.put("stream", true);
            // Without it most servers send no usage in streams (https://github.com/openkursar/hello-halo/issues/181).
            body.putObject("stream_options").put("include_usage", true);
        }
        String effort = reasoningEffort(request.thinking(), request.effort());
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

    private static void writeTools(ChatRequest request, ObjectNode body) {
        ArrayNode tools = WireJson.array();
        Set<String> names = new HashSet<>();
        for (Tool tool : request.tools()) {
            if (tool instanceof Tool.Function function) {
                ObjectNode wire = tools.addObject();
                wire.put("type", "function");
                ObjectNode spec = wire.putObject("function");
                spec.put("name", ToolNames.shorten(function.name()));
                if (function.description() != null) {
                    spec.put("description", function.description());
                }
                spec.set("parameters", function.inputSchema());
                JsonNode strict = function.extras().get("strict");
                if (strict != null && strict.isBoolean()) {
                    spec.put("strict", strict.booleanValue());
                }
                names.add(function.name());
            } else if (tool instanceof Tool.Server) {
                // Server tools have no input_schema; as functions they 400
                // (https://github.com/router-for-me/CLIProxyAPI/issues/5569). Web search is mapped by
                // OpenAiWebSearchWriter.
            } else {
                throw new IllegalStateException("unhandled tool " + tool.getClass().getName());
            }
        }
        if (tools.isEmpty()) {
            return;
        }
        body.set("tools", tools);
        ToolChoice choice = request.toolChoice();
        if (choice == null) {
            return;
        }
        FunctionToolChoice.write(body, choice, names, (b, name) -> {
            ObjectNode wire = b.putObject("tool_choice");
            wire.put("type", "function");
            wire.putObject("function").put("name", name);
        });
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

    /** An explicit effort wins over a thinking budget; OpenAI knows nothing above {@code high}. */
    static @Nullable String reasoningEffort(@Nullable Thinking thinking, @Nullable String effort) {
        if (effort != null) {
            String level = effort.toLowerCase(Locale.ROOT);
            return level.equals("xhigh") || level.equals("max") ? "high" : level;
        }
        if (thinking instanceof Thinking.Enabled enabled) {
            int budget = enabled.budgetTokens();
            return budget <= 1024 ? "low" : budget <= 8192 ? "medium" : "high";
        }
        return null;
    }
}
