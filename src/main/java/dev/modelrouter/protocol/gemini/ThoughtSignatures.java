package dev.modelrouter.protocol.gemini;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Carries Gemini's {@code thoughtSignature}s in canonical thinking blocks. Signatures are model-bound
 * (https://ai.google.dev/gemini-api/docs/thought-signatures), so a Gemini signature is marked with a
 * router prefix when it enters the canonical model; only marked signatures are ever sent back to Gemini,
 * and Anthropic's codec can recognise and drop them. A Gemini client sees the raw signature for Gemini
 * ones, and a base64 wrapper (whose bytes start with {@code rtr1:}) around foreign ones, because SDKs
 * decode the field as base64 bytes.
 */
final class ThoughtSignatures {

    /** The canonical form of a Gemini signature: this prefix, then the signature as Gemini sent it. */
    static final String PREFIX = "rtr1.gemini.";

    /** Gemini 3's documented escape hatch for a function call that has no signature. */
    static final String SKIP_VALIDATOR = "skip_thought_signature_validator";

    private static final String FOREIGN = "rtr1:";

    private ThoughtSignatures() {}

    /** A signature Gemini sent, as canonical text. */
    static String fromUpstream(String thoughtSignature) {
        return PREFIX + thoughtSignature;
    }

    /** The signature to send to Gemini, or {@code null} when it did not come from Gemini. */
    static @Nullable String toUpstream(@Nullable String signature) {
        if (signature == null || !signature.startsWith(PREFIX) || signature.length() == PREFIX.length()) {
            return null;
        }
        return signature.substring(PREFIX.length());
    }

    /** The {@code thoughtSignature} to show a Gemini client. */
    static String toClient(String signature) {
        String gemini = toUpstream(signature);
        if (gemini != null) {
            return gemini;
        }
        return Base64.getEncoder().encodeToString((FOREIGN + signature).getBytes(StandardCharsets.UTF_8));
    }

    /** A Gemini client's {@code thoughtSignature} as canonical text: the inverse of {@link #toClient}. */
    static String fromClient(String thoughtSignature) {
        try {
            byte[] bytes = Base64.getDecoder().decode(thoughtSignature);
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (text.startsWith(FOREIGN)) {
                return text.substring(FOREIGN.length());
            }
        } catch (IllegalArgumentException notBase64) {
            // a raw Gemini signature in an unexpected alphabet; it still came from Gemini
        }
        return fromUpstream(thoughtSignature);
    }
}
