package dev.modelrouter.transform;

import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;

/**
 * {@code anthropic}, {@code openai}, {@code gemini}, {@code openai-responses}: in claude-code-router these
 * name the provider's wire codec. Here the provider's protocol does that (config detection reads the
 * first {@code use} entry), so in the chain they are identity and let same-protocol traffic pass as bytes.
 * ccr's {@code vertex-gemini}, {@code vertex-claude} and {@code vertex-openai} are markers too: their URL,
 * Google token and body changes ({@code anthropic_version}, no {@code model}) are the upstream's job,
 * applied to the bytes on the way out whichever path built them; their options (project, location,
 * credentials) are read there.
 */
final class ProtocolMarker implements Transformer {

    private final String name;

    private ProtocolMarker(String name) {
        this.name = name;
    }

    static TransformerFactory factory(String name) {
        ProtocolMarker marker = new ProtocolMarker(name);
        // ccr accepts options on its codecs (e.g. Anthropic's UseBearer); auth is the provider's "auth" here
        return new BuiltinFactory(name, options -> marker);
    }

    @Override
    public boolean rewrites() {
        return false;
    }

    @Override
    public String toString() {
        return name;
    }
}
