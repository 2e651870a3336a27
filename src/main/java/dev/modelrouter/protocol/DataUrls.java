package dev.modelrouter.protocol;

import dev.modelrouter.model.Content;
import org.jspecify.annotations.Nullable;

/** Inline bytes as the {@code data:} URLs that OpenAI Chat and Responses take for images and files. */
public final class DataUrls {

    private DataUrls() {}

    /** {@code data:<mediaType>;base64,<base64>}. */
    public static String of(String mediaType, String base64) {
        return "data:" + mediaType + ";base64," + base64;
    }

    /**
     * The URL an image goes by: a data URL for inline bytes (PNG when untyped), a link as it is, and
     * {@code null} for a provider's file id, which means nothing to another provider.
     */
    public static @Nullable String image(Content.Image image) {
        if (image.source() instanceof Content.Source.Base64 base64) {
            return of(image.mediaType() == null ? "image/png" : image.mediaType(), base64.data());
        }
        return image.source() instanceof Content.Source.Url link ? link.url() : null;
    }
}
