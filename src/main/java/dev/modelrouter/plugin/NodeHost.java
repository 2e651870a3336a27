package dev.modelrouter.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one Node.js process of a daemon, which hosts the claude-code-router {@code CUSTOM_ROUTER_PATH}
 * script ({@link ScriptRouter}) and every JavaScript transformer ({@link ScriptTransformers}) together,
 * as ccr runs them in its own process. Node starts on the first call that needs it, so a config with
 * neither runs no node. What is loaded into it is remembered, so a crashed node restarts with the router
 * script and every transformer loaded again (before any call reaches it); a router script is loaded again
 * in place, so its edits never restart node and the transformers keep their in-memory state (a cached
 * OAuth token, a counter). The first crash restarts node at once; later ones at most once per
 * {@link #RESTART_INTERVAL}, so a script that crashes node on every call cannot keep relaunching it.
 */
public final class NodeHost implements AutoCloseable {

    /** How long node may take to start the bridge, and a router script to load. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    static final Duration RESTART_INTERVAL = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(NodeHost.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BRIDGE = "custom-router-bridge.cjs";

    private final String node;
    private final DistinctWarnings warnings = new DistinctWarnings(LOG);
    private final ScriptSlot slot = new ScriptSlot();
    private final AtomicLong ids = new AtomicLong();
    /** The load lines of what node hosts, by what they load, in the order they were loaded. */
    private final Map<String, ObjectNode> loaded = new LinkedHashMap<>();
    /** Written on the first launch, so a host nobody uses leaves no file behind. */
    private volatile @Nullable Path bridge;

    private boolean started;
    private long lastRestart;

    private NodeHost(String node) {
        this.node = node;
        // the first crash restarts at once; only repeated crashes wait
        this.lastRestart = System.nanoTime() - RESTART_INTERVAL.toNanos();
    }

    /** A host of the node the environment variable {@code ROUTER_NODE} names, else {@code node} on the PATH. */
    public static NodeHost create() {
        String fromEnv = System.getenv("ROUTER_NODE");
        return create(fromEnv == null || fromEnv.isBlank() ? "node" : fromEnv.strip());
    }

    static NodeHost create(String node) {
        return new NodeHost(node);
    }

    /** A fresh call id, unique in this host. */
    long nextId() {
        return ids.incrementAndGet();
    }

    /**
     * The live process at once, else one started (or restarted, loading all it hosted) off the caller's
     * thread; an {@link IOException} saying why there is none: node is missing, down, or the host closed.
     */
    Mono<ScriptProcess> process() {
        return slot.process(this::launch);
    }

    /** As {@link #process()}, blocking: for a caller already off the event loop. */
    ScriptProcess processNow() throws IOException {
        return launch();
    }

    /** The running process, when there is one. */
    @Nullable
    ScriptProcess alive() {
        return slot.alive();
    }

    /**
     * Remembers {@code line} (without its id) as what {@code what} loads, so a restarted node loads it
     * again; it replaces what {@code what} loaded before.
     */
    void remember(String what, ObjectNode line) {
        ObjectNode kept = line.deepCopy();
        kept.remove("id");
        synchronized (loaded) {
            loaded.put(what, kept);
        }
    }

    /** Forgets {@code what} and tells a running node {@code unload} (a stopped one is not started for it). */
    void forget(String what, ObjectNode unload) {
        synchronized (loaded) {
            if (loaded.remove(what) == null) {
                return;
            }
        }
        ScriptProcess running = slot.alive();
        if (running != null) {
            running.sendMore(-1, JSON.writeValueAsString(unload));
        }
    }

    private ScriptProcess launch() throws IOException {
        ScriptProcess process = slot.ensure(this::start);
        if (process == null) {
            throw new IOException("node is stopped: the daemon is shutting down");
        }
        return process;
    }

    /** Starts node, or again after it died, and loads everything it hosted before any call reaches it. */
    private ScriptProcess start() throws IOException {
        long now = System.nanoTime();
        if (started) {
            if (now - lastRestart < RESTART_INTERVAL.toNanos()) {
                throw new IOException("node is down; it restarts at most every " + RESTART_INTERVAL.toSeconds() + " s");
            }
            lastRestart = now;
        }
        if (bridge == null) {
            bridge = extractBridge();
        }
        ScriptProcess process;
        try {
            process = ScriptProcess.launch(
                    List.of(node, bridge.toString()), "node host", "{}", READY_TIMEOUT, JSON, warnings);
        } catch (IOException e) {
            throw new IOException(
                    "node".equals(node)
                            ? "node not found on PATH; install Node.js or set ROUTER_NODE"
                            : "ROUTER_NODE=" + node + " cannot be started (" + e.getMessage() + ")",
                    e);
        }
        // not waiting for node to be ready (a caller's short deadline would interrupt the wait): the lines
        // wait in the pipe, and a node that never gets ready is stopped, failing the calls sent to it
        if (started) {
            LOG.info("node restarted (pid {})", process.pid());
        }
        started = true;
        synchronized (loaded) {
            // the answers of these loads go to no call: one that fails says so on node's stderr, in the log
            loaded.values()
                    .forEach(line -> process.sendMore(
                            -1, JSON.writeValueAsString(line.deepCopy().put("id", nextId()))));
        }
        return process;
    }

    private static Path extractBridge() throws IOException {
        Path file = Files.createTempFile("custom-router-bridge", ".cjs");
        try (InputStream in = NodeHost.class.getResourceAsStream(BRIDGE)) {
            if (in == null) {
                throw new IOException(BRIDGE + " is missing from the classpath");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** The pid of the running node process, or -1; for tests. */
    long pid() {
        ScriptProcess running = slot.alive();
        return running != null ? running.pid() : -1;
    }

    /** Whether the host was closed. */
    boolean closed() {
        return slot.closed();
    }

    /** Stops node and deletes the bridge file; pending calls complete as node gone, later ones fail. */
    @Override
    public void close() {
        slot.close();
        Path written = bridge;
        if (written != null) {
            try {
                Files.deleteIfExists(written);
            } catch (IOException e) {
                LOG.debug("cannot delete {}", written, e);
            }
        }
    }
}
