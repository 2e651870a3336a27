package dev.modelrouter.plugin;

import dev.modelrouter.spi.Transformer;
import dev.modelrouter.spi.TransformerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
            out.add(lenient(sources.get(i), "t" + i, host));
        }
        return out;
    }

    /**
     * Loads one script into {@code host} under {@code key}, waiting for node; a script that fails to
     * load goes by its file name and fails its providers' requests until it loads.
     */
    static ScriptTransformerFactory lenient(ScriptSource source, String key, ScriptTransformers host) {
        try {
            return strict(source, key, host);
        } catch (RuntimeException e) {
            LOG.error(
                    "JS transformer {} not loaded, providers using '{}' fail until it loads: {}",
                    source.file(),
                    source.fallbackName(),
                    e.getMessage());
            return new ScriptTransformerFactory(
                    source.fallbackName(),
                    new ScriptTransformer(host, key, source, List.of(), String.valueOf(e.getMessage())));
        }
    }

    /**
     * Loads one script into {@code host} under {@code key}, waiting for node.
     *
     * @throws RuntimeException naming the file when node is missing or the file fails to load
     */
    static ScriptTransformerFactory strict(ScriptSource source, String key, ScriptTransformers host) {
        ScriptTransformers.Loaded loaded = Objects.requireNonNull(
                host.load(key, source.file(), source.options()).block(), "loaded");
        LOG.info(
                "JS transformer {} → {}{}",
                loaded.name(),
                source.file(),
                loaded.endPoint() != null
                        ? " (its endPoint " + loaded.endPoint() + " is not served; the router's own endpoints are)"
                        : "");
        return new ScriptTransformerFactory(
                loaded.name(), new ScriptTransformer(host, key, source, loaded.hooks(), null));
    }

    /** The key the script is loaded under in its host. */
    String key() {
        return transformer.key();
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
