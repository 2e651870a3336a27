package dev.modelrouter.routing;

import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.model.Route;
import dev.modelrouter.model.RouterException;
import java.util.Optional;

/**
 * Model names as clients choose them: which ones the router accepts at all, and which ones the config
 * knows. A client may name any model (providers add models faster than configs are edited, and ccr
 * passes such names on), so every piece of state kept per model must tell the two kinds apart: names
 * the config lists are few, names it does not are as many as a client cares to send.
 */
public final class ModelNames {

    /** The longest name accepted, in UTF-8 bytes; real ones (OpenRouter's included) stay far below. */
    public static final int MAX_BYTES = 256;

    private ModelNames() {}

    /**
     * {@code name} when it is one the router can pass on, else a 400: control characters would forge
     * log lines and response headers, an unpaired surrogate has no UTF-8 form, and a name longer than
     * {@link #MAX_BYTES} is no model. {@code /} and {@code :} are fine (OpenRouter's
     * {@code vendor/model}, Ollama's {@code model:tag}). The error does not repeat the name.
     *
     * @param what how to name the value in the error, e.g. {@code model}
     */
    public static String check(String name, String what) {
        int bytes = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw RouterException.invalid("the " + what + " name has a control character (U+"
                        + String.format("%04X", (int) c) + " at position " + i + "); model names are printable text");
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c)
                        && i + 1 < name.length()
                        && Character.isLowSurrogate(name.charAt(i + 1));
                if (!paired) {
                    throw RouterException.invalid("the " + what + " name has an unpaired surrogate (position " + i
                            + "); model names are printable text");
                }
                bytes += 4;
                i++;
            } else {
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        if (bytes > MAX_BYTES) {
            throw RouterException.invalid(
                    "the " + what + " name is " + bytes + " bytes long; at most " + MAX_BYTES + " are accepted");
        }
        return name;
    }

    /**
     * Whether the config knows {@code route}'s model: its provider lists it in {@code models} (which
     * every route and fallback of a valid config must use). Anything else is a client's free choice and
     * shares bounded state: one meter label, a size-capped set of circuit breakers.
     */
    public static boolean listed(RouterConfig config, Route route) {
        Optional<ProviderConfig> provider = config.provider(route.provider());
        return provider.isPresent() && provider.get().hasModel(route.model());
    }
}
