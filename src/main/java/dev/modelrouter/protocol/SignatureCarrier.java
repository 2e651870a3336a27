package dev.modelrouter.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The router's thinking-block signatures (protocols.md 5.5, "Signature carrier"). Claude Code replays
 * thinking blocks verbatim and may drop one without a signature, so every thinking block the router
 * translates carries one: the vendor's continuity data under {@code rtr1.<vendor>.}, or {@link #NONE}
 * when the vendor gave none. Anthropic never signs with this prefix, so such blocks are recognised and
 * dropped on the way to an Anthropic provider, and only a vendor's own data goes back to it.
 */
public final class SignatureCarrier {

    /** The prefix of every signature the router writes. */
    public static final String PREFIX = "rtr1.";

    /** The signature of a thinking block whose vendor sent no continuity data. */
    public static final String NONE = "rtr1.none";

    private SignatureCarrier() {}

    /** Whether {@code signature} is one Anthropic could have made: present, and not the router's. */
    public static boolean isAnthropic(@Nullable String signature) {
        return signature != null && !signature.isEmpty() && !signature.startsWith(PREFIX);
    }

    /** {@code json} carried for {@code vendor}: {@code rtr1.<vendor>.<base64url(json)>}. */
    public static String encode(String vendor, JsonNode json) {
        return PREFIX + vendor + "."
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(WireJson.write(json).getBytes(StandardCharsets.UTF_8));
    }

    /** The JSON carried for {@code vendor} in {@code signature}, or {@code null} for any other signature. */
    public static @Nullable JsonNode decode(String vendor, @Nullable String signature) {
        String prefix = PREFIX + vendor + ".";
        if (signature == null || !signature.startsWith(prefix)) {
            return null;
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(signature.substring(prefix.length()));
            return WireJson.tryParse(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
