package dev.modelrouter.protocol.anthropic;

import dev.modelrouter.model.CacheControl;
import dev.modelrouter.model.Content;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Anthropic content blocks to and from canonical {@link Content}. */
final class AnthropicContent {

    private static final String TOOL_RESULT_SUFFIX = "_tool_result";

    private AnthropicContent() {}

    /** Whether {@link #read} understands blocks of this type. */
    static boolean isKnownType(String type) {
        switch (type) {
            case "text":
            case "image":
            case "document":
            case "tool_use":
            case "tool_result":
            case "thinking":
            case "redacted_thinking":
            case "server_tool_use":
            case "tool_reference":
                return true;
            default:
                return type.endsWith(TOOL_RESULT_SUFFIX);
        }
    }

    /** A {@code content} value: a string (one text block) or an array of blocks. */
    static List<Content> readList(JsonNode content, String path) {
        if (content.isString()) {
            return List.of(Content.Text.of(content.stringValue()));
        }
        if (!content.isArray()) {
            throw Json.invalid(path, "expected a string or an array of blocks");
        }
        List<Content> out = new ArrayList<>(content.size());
        for (int i = 0; i < content.size(); i++) {
            out.add(read(content.get(i), Json.at(path, i)));
        }
        return out;
    }

    static Content read(JsonNode node, String path) {
        ObjectNode block = Json.object(node, path);
        String type = Json.text(block, "type", path);
        switch (type) {
            case "text":
                return new Content.Text(Json.text(block, "text", path), readCache(block, path));
            case "image":
                return readImage(block, path);
            case "document":
                return readDocument(block, path);
            case "tool_use":
                return new Content.ToolUse(
                        Json.text(block, "id", path),
                        Json.text(block, "name", path),
                        readInput(block, path),
                        readCache(block, path));
            case "tool_result":
                return readToolResult(block, path);
            case "thinking":
                return new Content.Thinking(Json.text(block, "thinking", path), Json.optText(block, "signature", path));
            case "redacted_thinking":
                return new Content.RedactedThinking(Json.text(block, "data", path));
            case "server_tool_use":
                return new Content.ServerToolUse(
                        Json.text(block, "id", path), Json.text(block, "name", path), readInput(block, path));
            case "tool_reference":
                return new Content.ToolReference(Json.text(block, "tool_name", path));
            default:
                if (type.endsWith(TOOL_RESULT_SUFFIX)) {
                    return new Content.ServerToolResult(
                            type, Json.text(block, "tool_use_id", path), Json.required(block, "content", path));
                }
                throw Json.invalid(path, "unknown block type '" + type + "'");
        }
    }

    static ObjectNode write(Content content) {
        ObjectNode out = Json.object();
        if (content instanceof Content.Text text) {
            out.put("type", "text").put("text", text.text());
            writeCache(out, text.cache());
        } else if (content instanceof Content.Image image) {
            out.put("type", "image");
            out.set("source", writeSource(image.mediaType(), image.source()));
            writeCache(out, image.cache());
        } else if (content instanceof Content.Document doc) {
            out.put("type", "document");
            out.set("source", writeSource(doc.mediaType(), doc.source()));
            if (doc.title() != null) {
                out.put("title", doc.title());
            }
            if (doc.context() != null) {
                out.put("context", doc.context());
            }
            writeCache(out, doc.cache());
        } else if (content instanceof Content.ToolUse use) {
            out.put("type", "tool_use").put("id", use.id()).put("name", use.name());
            out.set("input", use.input());
            writeCache(out, use.cache());
        } else if (content instanceof Content.ToolResult result) {
            writeToolResult(out, result);
        } else if (content instanceof Content.Thinking thinking) {
            out.put("type", "thinking").put("thinking", thinking.text());
            if (thinking.signature() != null) {
                out.put("signature", thinking.signature());
            }
        } else if (content instanceof Content.RedactedThinking redacted) {
            out.put("type", "redacted_thinking").put("data", redacted.data());
        } else if (content instanceof Content.ServerToolUse use) {
            out.put("type", "server_tool_use").put("id", use.id()).put("name", use.name());
            out.set("input", use.input());
        } else if (content instanceof Content.ServerToolResult result) {
            out.put("type", result.type()).put("tool_use_id", result.toolUseId());
            out.set("content", result.content());
        } else if (content instanceof Content.ToolReference reference) {
            out.put("type", "tool_reference").put("tool_name", reference.toolName());
        } else {
            throw new IllegalStateException("unhandled content " + content.getClass());
        }
        return out;
    }

    static ArrayNode writeList(List<? extends Content> content) {
        ArrayNode out = Json.array();
        for (Content c : content) {
            out.add(write(c));
        }
        return out;
    }

    static @Nullable CacheControl readCache(JsonNode block, String path) {
        if (!Json.present(block, "cache_control")) {
            return null;
        }
        ObjectNode cache = Json.object(block, "cache_control", path);
        String ttl = Json.optText(cache, "ttl", Json.at(path, "cache_control"));
        return ttl == null ? CacheControl.EPHEMERAL : new CacheControl(ttl);
    }

    static void writeCache(ObjectNode out, @Nullable CacheControl cache) {
        if (cache == null) {
            return;
        }
        ObjectNode node = out.putObject("cache_control").put("type", "ephemeral");
        if (cache.ttl() != null) {
            node.put("ttl", cache.ttl());
        }
    }

    private static JsonNode readInput(ObjectNode block, String path) {
        return Json.present(block, "input") ? Json.object(block, "input", path) : Json.object();
    }

    private static Content.Image readImage(ObjectNode block, String path) {
        String at = Json.at(path, "source");
        ObjectNode source = Json.object(block, "source", path);
        String type = Json.text(source, "type", at);
        Content.Source read = readSharedSource(source, type, at);
        if (read == null) {
            throw Json.invalid(at, "unknown image source type '" + type + "'");
        }
        return new Content.Image(Json.optText(source, "media_type", at), read, readCache(block, path));
    }

    /** The source kinds images and documents share ({@code base64}, {@code url}, {@code file}), else null. */
    private static Content.@Nullable Source readSharedSource(ObjectNode source, String type, String at) {
        switch (type) {
            case "base64":
                return new Content.Source.Base64(Json.text(source, "data", at));
            case "url":
                return new Content.Source.Url(Json.text(source, "url", at));
            case "file":
                return new Content.Source.File(Json.text(source, "file_id", at));
            default:
                return null;
        }
    }

    private static Content.Document readDocument(ObjectNode block, String path) {
        String at = Json.at(path, "source");
        ObjectNode source = Json.object(block, "source", path);
        String type = Json.text(source, "type", at);
        String mediaType = Json.optText(source, "media_type", at);
        Content.Source read = readSharedSource(source, type, at);
        if (read == null) {
            switch (type) {
                case "text":
                    read = new Content.Source.PlainText(Json.text(source, "data", at));
                    break;
                case "content":
                    // A "content" source has no canonical form: keep its text, as plain text.
                    read = new Content.Source.PlainText(joinText(Json.required(source, "content", at), at));
                    mediaType = "text/plain";
                    break;
                default:
                    throw Json.invalid(at, "unknown document source type '" + type + "'");
            }
        }
        return new Content.Document(
                mediaType,
                read,
                Json.optText(block, "title", path),
                Json.optText(block, "context", path),
                readCache(block, path));
    }

    private static String joinText(JsonNode content, String path) {
        StringBuilder sb = new StringBuilder();
        for (Content c : readList(content, Json.at(path, "content"))) {
            if (c instanceof Content.Text text) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(text.text());
            }
        }
        return sb.toString();
    }

    private static ObjectNode writeSource(@Nullable String mediaType, Content.Source source) {
        ObjectNode out = Json.object();
        if (source instanceof Content.Source.Base64 b64) {
            out.put("type", "base64");
            if (mediaType != null) {
                out.put("media_type", mediaType);
            }
            out.put("data", b64.data());
        } else if (source instanceof Content.Source.Url url) {
            out.put("type", "url").put("url", url.url());
        } else if (source instanceof Content.Source.File file) {
            out.put("type", "file").put("file_id", file.fileId());
        } else if (source instanceof Content.Source.PlainText text) {
            out.put("type", "text").put("media_type", mediaType == null ? "text/plain" : mediaType);
            out.put("data", text.text());
        } else {
            throw new IllegalStateException("unhandled source " + source.getClass());
        }
        return out;
    }

    private static Content.ToolResult readToolResult(ObjectNode block, String path) {
        List<Content> content =
                Json.present(block, "content") ? readList(block.get("content"), Json.at(path, "content")) : List.of();
        return new Content.ToolResult(
                Json.text(block, "tool_use_id", path),
                content,
                Json.optBoolean(block, "is_error", path),
                readCache(block, path));
    }

    private static void writeToolResult(ObjectNode out, Content.ToolResult result) {
        out.put("type", "tool_result").put("tool_use_id", result.toolUseId());
        List<Content> content = result.content();
        // Claude Code sends a single text result as a plain string; keep that form so bodies round-trip.
        if (content.size() == 1 && content.get(0) instanceof Content.Text text && text.cache() == null) {
            out.put("content", text.text());
        } else if (!content.isEmpty()) {
            out.set("content", writeList(content));
        }
        // Claude Code always sends is_error, false included; writing it always keeps its bodies exact.
        out.put("is_error", result.error());
        writeCache(out, result.cache());
    }
}
