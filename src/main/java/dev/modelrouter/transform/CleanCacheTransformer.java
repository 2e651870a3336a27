package dev.modelrouter.transform;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.Tool;
import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code cleancache}: removes every prompt-cache breakpoint, for vendors that reject {@code cache_control}
 * ("Extra inputs are not permitted", https://github.com/QuantumNous/new-api/issues/5982).
 */
final class CleanCacheTransformer implements Transformer {

    static TransformerFactory factory() {
        return BuiltinFactory.withoutOptions("cleancache", new CleanCacheTransformer());
    }

    @Override
    public ChatRequest transformRequest(ChatRequest request, Route route) {
        return request.toBuilder()
                .system(request.system().stream()
                        .map(t -> Content.Text.of(t.text()))
                        .toList())
                .messages(request.messages().stream()
                        .map(m -> m.withContent(clean(m.content())))
                        .toList())
                .tools(request.tools().stream()
                        .map(CleanCacheTransformer::clean)
                        .toList())
                .build();
    }

    @Override
    public ObjectNode transformBody(ObjectNode body, Route route) {
        for (ObjectNode block : Json.objects(body.path("system"))) {
            block.remove("cache_control");
        }
        for (ObjectNode message : Json.objects(body.path("messages"))) {
            message.remove("cache_control");
            for (ObjectNode part : Json.objects(message.path("content"))) {
                part.remove("cache_control");
                for (ObjectNode nested : Json.objects(part.path("content"))) {
                    nested.remove("cache_control");
                }
            }
        }
        for (ObjectNode tool : Json.objects(body.path("tools"))) {
            tool.remove("cache_control");
        }
        return body;
    }

    static List<Content> clean(List<Content> blocks) {
        return blocks.stream().map(CleanCacheTransformer::clean).toList();
    }

    static Content clean(Content block) {
        if (block instanceof Content.Text text) {
            return text.cache() == null ? text : Content.Text.of(text.text());
        } else if (block instanceof Content.Image image) {
            return image.cache() == null ? image : new Content.Image(image.mediaType(), image.source(), null);
        } else if (block instanceof Content.Document doc) {
            return doc.cache() == null
                    ? doc
                    : new Content.Document(doc.mediaType(), doc.source(), doc.title(), doc.context(), null);
        } else if (block instanceof Content.ToolUse use) {
            return use.cache() == null ? use : new Content.ToolUse(use.id(), use.name(), use.input(), null);
        } else if (block instanceof Content.ToolResult result) {
            return new Content.ToolResult(result.toolUseId(), clean(result.content()), result.error(), null);
        } else if (block instanceof Content.Thinking
                || block instanceof Content.RedactedThinking
                || block instanceof Content.ServerToolUse
                || block instanceof Content.ServerToolResult
                || block instanceof Content.ToolReference) {
            return block; // no breakpoint to carry
        }
        throw new IllegalStateException(
                "unhandled content block " + block.getClass().getName());
    }

    static Tool clean(Tool tool) {
        if (tool instanceof Tool.Function f) {
            return f.cache() == null
                    ? f
                    : new Tool.Function(f.name(), f.description(), f.inputSchema(), null, f.extras());
        } else if (tool instanceof Tool.Server) {
            return tool;
        }
        throw new IllegalStateException("unhandled tool " + tool.getClass().getName());
    }

    static Message clean(Message message) {
        return message.withContent(clean(message.content()));
    }
}
