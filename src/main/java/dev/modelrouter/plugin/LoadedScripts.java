package dev.modelrouter.plugin;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JavaScript transformers loaded into one node host, one per file and options, so that config
 * snapshots naming the same file share its instance (and its state, such as a cached OAuth token) and a
 * reload loads only the files it adds. A file edited on disk is loaded again by the host itself.
 */
public final class LoadedScripts {

    private final ScriptTransformers host;
    private final Map<ScriptSource, ScriptTransformerFactory> loaded = new ConcurrentHashMap<>();
    private final AtomicLong keys = new AtomicLong();

    /** @param host the node host the scripts load into */
    public LoadedScripts(ScriptTransformers host) {
        this.host = host;
    }

    /**
     * The factory of {@code source}, loading it first if no snapshot had it; a file that fails to load
     * goes by its file name and fails its providers' requests (as at start-up, so the daemon starts).
     */
    public synchronized ScriptTransformerFactory lenient(ScriptSource source) {
        ScriptTransformerFactory known = loaded.get(source);
        if (known != null) {
            return known;
        }
        ScriptTransformerFactory fresh = ScriptTransformerFactory.lenient(source, nextKey(), host);
        loaded.put(source, fresh);
        return fresh;
    }

    /**
     * The factory of {@code source}, loading it first if no snapshot had it, for a reload that names it:
     * one that fails to load is not kept.
     *
     * @throws RuntimeException naming the file when it fails to load (a syntax error, a throwing
     *     constructor, no name, no node)
     */
    public synchronized ScriptTransformerFactory strict(ScriptSource source) {
        ScriptTransformerFactory known = loaded.get(source);
        if (known != null) {
            return known;
        }
        String key = nextKey();
        try {
            ScriptTransformerFactory fresh = ScriptTransformerFactory.strict(source, key, host);
            loaded.put(source, fresh);
            return fresh;
        } catch (RuntimeException e) {
            host.unload(key);
            throw e;
        }
    }

    /** Whether {@code source} is loaded (or was tried, at start-up) and kept. */
    public boolean has(ScriptSource source) {
        return loaded.containsKey(source);
    }

    /** Unloads every script not in {@code keep}: none of the snapshots that may still serve names it. */
    public synchronized void retain(Collection<ScriptSource> keep) {
        Set<ScriptSource> kept = Set.copyOf(keep);
        loaded.entrySet().removeIf(e -> {
            if (kept.contains(e.getKey())) {
                return false;
            }
            host.unload(e.getValue().key());
            return true;
        });
    }

    private String nextKey() {
        return "s" + keys.incrementAndGet();
    }
}
