package dev.modelrouter.plugin;

import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * A JavaScript transformer as config.json names it: by the {@code name} its instance has, as in ccr. A
 * file that fails to load keeps its file name as the transformer's name, so the daemon starts and the
 * providers that use it fail their requests with the reason (and the file loads again on each of them).
 */
public final class ScriptTransformerFactory implements TransformerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ScriptTransformerFactory.class);

    private final String name;
    private final ScriptTransformer transformer;

    private ScriptTransformerFactory(String name, ScriptTransformer transformer) {
        this.name = name;
        this.transformer = transformer;
    }

    /** Loads each script into {@code host}, waiting for node; never throws. */
    public static List<ScriptTransformerFactory> load(List<ScriptSource> sources, ScriptTransformers host) {
        List<ScriptTransformerFactory> out = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            ScriptSource source = sources.get(i);
            String key = "t" + i;
            try {
                ScriptTransformers.Loaded loaded =
                        host.load(key, source.file(), source.options()).block();
                out.add(new ScriptTransformerFactory(
                        loaded.name(), new ScriptTransformer(host, key, source, loaded.hooks(), null)));
                LOG.info(
                        "JS transformer {} → {}{}",
                        loaded.name(),
                        source.file(),
                        loaded.endPoint() != null
                                ? " (its endPoint " + loaded.endPoint() + " is not served; the"
                                        + " router's own endpoints are)"
                                : "");
            } catch (RuntimeException e) {
                LOG.error(
                        "JS transformer {} not loaded, providers using '{}' fail until it loads: {}",
                        source.file(),
                        source.fallbackName(),
                        e.getMessage());
                out.add(new ScriptTransformerFactory(
                        source.fallbackName(),
                        new ScriptTransformer(host, key, source, List.of(), String.valueOf(e.getMessage()))));
            }
        }
        return out;
    }

    @Override
    public String name() {
        return name;
    }

    /** The script file, where the name comes from. */
    public String file() {
        return transformer.file();
    }

    /** The one instance, as ccr keeps one per file; {@code use}-entry options are ignored, as in ccr. */
    @Override
    public Transformer create(JsonNode options) {
        return transformer;
    }
}
