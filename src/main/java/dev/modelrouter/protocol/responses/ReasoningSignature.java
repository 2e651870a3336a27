package dev.modelrouter.protocol.responses;

import dev.modelrouter.protocol.WireJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Responses reasoning item's continuity data carried in a thinking block's signature, which Claude
 * Code replays verbatim: {@code rtr1.responses.<base64url(json)>} with the item's {@code id} and
 * {@code encrypted_content} (protocols.md 5.5). The prefix keeps foreign signatures (Anthropic's,
 * Gemini's, other routers') from ever being sent to a Responses upstream, and ours from being taken
 * for anyone else's.
 *
 * @param id the reasoning item's id, or {@code null}
 * @param encryptedContent the item's {@code encrypted_content}
 */
record ReasoningSignature(@Nullable String id, String encryptedContent) {

    static final String PREFIX = "rtr1.responses.";

    /** The signature text. */
    String encode() {
        ObjectNode json = WireJson.object();
        if (id != null) {
            json.put("id", id);
        }
        json.put("encrypted_content", encryptedContent);
        return PREFIX
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(WireJson.write(json).getBytes(StandardCharsets.UTF_8));
    }

    /** The signature's data when it is one of ours and intact; {@code null} for any other signature. */
    static @Nullable ReasoningSignature decode(@Nullable String signature) {
        if (signature == null || !signature.startsWith(PREFIX)) {
            return null;
        }
        JsonNode json;
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(signature.substring(PREFIX.length()));
            json = WireJson.tryParse(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
        String encrypted = WireJson.text(json, "encrypted_content");
        if (encrypted == null || encrypted.isEmpty()) {
            return null;
        }
        return new ReasoningSignature(WireJson.text(json, "id"), encrypted);
    }
}
