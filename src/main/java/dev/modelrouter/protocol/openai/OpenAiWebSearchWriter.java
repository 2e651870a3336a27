package dev.modelrouter.protocol.openai;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Tool;
import dev.modelrouter.protocol.WireJson;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes an Anthropic {@code web_search_*} server tool in an OpenAI Chat Completions body, in the
 * vendor's spelling ({@link OpenAiVendor}). Only {@code user_location} carries over: OpenAI's and
 * OpenRouter's search take no domain lists, and {@code max_uses} counts searches, not results.
 */
final class OpenAiWebSearchWriter {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiWebSearchWriter.class);
    private static final List<String> LOCATION_FIELDS = List.of("city", "region", "country", "timezone");

    private OpenAiWebSearchWriter() {}

    static void write(ChatRequest request, OpenAiVendor vendor, ObjectNode body) {
        Tool.Server search = webSearch(request);
        if (search == null) {
            return;
        }
        switch (vendor) {
            case OPENAI -> body.set("web_search_options", options(search.definition()));
            case OPENROUTER -> {
                ArrayNode plugins = body.putArray("plugins");
                plugins.addObject().put("id", "web");
            }
            case OTHER ->
                LOG.warn(
                        "model {}: the {} tool was dropped: this OpenAI-compatible provider has no web"
                                + " search the router knows (route Router.webSearch to an Anthropic, Gemini, OpenRouter,"
                                + " OpenAI or Responses provider)",
                        request.model(),
                        search.type());
            default -> throw new IllegalStateException("unhandled vendor " + vendor);
        }
    }

    private static Tool.@Nullable Server webSearch(ChatRequest request) {
        for (Tool tool : request.tools()) {
            if (tool instanceof Tool.Server server && server.isWebSearch()) {
                return server;
            }
        }
        return null;
    }

    /** Anthropic's {@code user_location} fields sit one level deeper in OpenAI's {@code approximate}. */
    private static ObjectNode options(JsonNode definition) {
        ObjectNode options = WireJson.object();
        JsonNode location = definition.path("user_location");
        ObjectNode approximate = WireJson.object();
        for (String field : LOCATION_FIELDS) {
            if (location.path(field).isString()) {
                approximate.put(field, location.path(field).stringValue());
            }
        }
        if (!approximate.isEmpty()) {
            ObjectNode userLocation = options.putObject("user_location").put("type", "approximate");
            userLocation.set("approximate", approximate);
        }
        return options;
    }
}
