package dev.modelrouter.protocol.gemini;

import dev.modelrouter.model.Content;
import dev.modelrouter.protocol.AnthropicOnlyBlocks;
import dev.modelrouter.protocol.ToolResultText;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * User content (text, images, documents) ↔ Gemini parts: base64 as {@code inlineData}, URLs as
 * {@code fileData}. A codec does no I/O, so an https image is not downloaded here; a provider file id
 * means nothing to Gemini and is dropped.
 */
final class GeminiMedia {

    private static final Map<String, String> TYPES_BY_EXTENSION = Map.of(
            "png",
            "image/png",
            "jpg",
            "image/jpeg",
            "jpeg",
            "image/jpeg",
            "gif",
            "image/gif",
            "webp",
            "image/webp",
            "pdf",
            "application/pdf",
            "txt",
            "text/plain");

    private static final Map<String, String> MAGIC = Map.of(
            "iVBORw0KGgo",
            "image/png",
            "/9j/",
            "image/jpeg",
            "R0lGOD",
            "image/gif",
            "UklGR",
            "image/webp",
            "JVBERi0",
            "application/pdf");

    private GeminiMedia() {}

    /** Adds the parts of one block of user content; blocks that are not user content are dropped. */
    static void addUserContent(Content block, List<ObjectNode> parts) {
        if (block instanceof Content.Text text) {
            GeminiContentWriter.addText(parts, text.text());
        } else if (block instanceof Content.Image image) {
            ObjectNode part = source(image.mediaType(), image.source(), "image/png");
            if (part != null) {
                parts.add(part);
            }
        } else if (block instanceof Content.Document document) {
            if (document.source() instanceof Content.Source.PlainText plain) {
                String titled = document.title() == null ? "" : document.title() + "\n\n";
                GeminiContentWriter.addText(parts, titled + plain.text());
                return;
            }
            ObjectNode part = source(document.mediaType(), document.source(), "application/pdf");
            if (part != null) {
                parts.add(part);
            }
        } else if (block instanceof Content.ToolReference reference) {
            GeminiContentWriter.addText(parts, ToolResultText.of(reference));
        } else if (AnthropicOnlyBlocks.inUserTurn(block)) {
            // not user content on Gemini
        } else {
            throw AnthropicOnlyBlocks.unhandled(block);
        }
    }

    private static @Nullable ObjectNode source(@Nullable String mediaType, Content.Source source, String fallback) {
        if (source instanceof Content.Source.Base64 base64) {
            return inline(mediaType == null ? sniff(base64.data(), fallback) : mediaType, base64.data());
        }
        if (source instanceof Content.Source.Url link) {
            String url = link.url();
            if (url.startsWith("data:")) {
                int comma = url.indexOf(',');
                int marker = url.indexOf(";base64");
                if (comma > 0 && marker > 0 && marker < comma) {
                    return inline(url.substring(5, marker), url.substring(comma + 1));
                }
                return null;
            }
            ObjectNode part = Json.object();
            ObjectNode file = part.putObject("fileData");
            String type = mediaType == null ? guessType(url) : mediaType;
            if (type != null) {
                file.put("mimeType", type);
            }
            file.put("fileUri", url);
            return part;
        }
        if (source instanceof Content.Source.File || source instanceof Content.Source.PlainText) {
            return null;
        }
        throw new IllegalStateException("unhandled source " + source.getClass().getName());
    }

    /** The type of untyped base64 bytes from their magic number; Gemini requires a {@code mimeType}. */
    static String sniff(String base64, String fallback) {
        for (Map.Entry<String, String> magic : MAGIC.entrySet()) {
            if (base64.startsWith(magic.getKey())) {
                return magic.getValue();
            }
        }
        return fallback;
    }

    private static ObjectNode inline(String mediaType, String data) {
        ObjectNode part = Json.object();
        part.putObject("inlineData").put("mimeType", mediaType).put("data", data);
        return part;
    }

    private static @Nullable String guessType(String url) {
        String path = url.replaceFirst("[?#].*$", "");
        int dot = path.lastIndexOf('.');
        return dot < 0 ? null : TYPES_BY_EXTENSION.get(path.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** An {@code inlineData} or {@code fileData} part as a canonical image or document, or {@code null}. */
    static @Nullable Content read(JsonNode part) {
        JsonNode inline = Json.field(part, "inlineData");
        if (inline != null) {
            String type = Json.text(inline, "mimeType");
            String data = Json.text(inline, "data");
            return data == null ? null : block(type, new Content.Source.Base64(data));
        }
        JsonNode file = Json.field(part, "fileData");
        if (file != null) {
            String uri = Json.text(file, "fileUri");
            return uri == null ? null : block(Json.text(file, "mimeType"), new Content.Source.Url(uri));
        }
        return null;
    }

    private static Content block(@Nullable String mediaType, Content.Source source) {
        if (mediaType == null || mediaType.startsWith("image/")) {
            return new Content.Image(mediaType, source, null);
        }
        return new Content.Document(mediaType, source, null, null, null);
    }
}
