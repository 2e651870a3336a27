package dev.modelrouter.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Reloads the config when its file (or a file it names) changes. It watches the folders rather than
 * the files, because editors often save by writing a new file and renaming it over the old one, which
 * a watch on the old file would miss. A burst of writes causes one reload, {@link #DEBOUNCE} after the
 * last write (at most {@link #MAX_DELAY} after the first). The files' size and modification time are
 * also polled, since a {@link WatchService} may be slow (macOS polls every 10 s), lose events, or not
 * work at all (some network file systems).
 */
public final class ConfigWatcher implements AutoCloseable {

    /** Quiet time after the last write before reloading. */
    public static final Duration DEBOUNCE = Duration.ofMillis(250);
    /** Longest wait after the first write of a burst. */
    public static final Duration MAX_DELAY = Duration.ofSeconds(1);
    /** How often the files are polled. */
    public static final Duration POLL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    private final ConfigReloader reloader;
    private final Duration debounce;
    private final Duration poll;
    private final ScheduledExecutorService scheduler;
    private final AtomicInteger reloads = new AtomicInteger();
    private final Map<WatchKey, Path> keys = new HashMap<>();
    private volatile Set<Path> watched = Set.of();
    private volatile Map<Path, String> fingerprints = Map.of();
    private @Nullable WatchService service;
    private @Nullable ScheduledFuture<?> pending;
    private long burstStart;

    public ConfigWatcher(ConfigReloader reloader) {
        this(reloader, DEBOUNCE, POLL);
    }

    ConfigWatcher(ConfigReloader reloader, Duration debounce, Duration poll) {
        this.reloader = reloader;
        this.debounce = debounce;
        this.poll = poll;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "config-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts watching; returns at once. */
    public void start() {
        watched = files();
        fingerprints = fingerprint(watched);
        try {
            service = FileSystems.getDefault().newWatchService();
            register();
            Thread events = new Thread(this::drain, "config-watch-events");
            events.setDaemon(true);
            events.start();
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn(
                    "config: no file-change notifications ({}); polling {} every {} ms instead",
                    e.getMessage(),
                    reloader.path(),
                    poll.toMillis());
            service = null;
        }
        scheduler.scheduleWithFixedDelay(this::pollFiles, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many reloads the watcher has run; a burst of writes counts once. */
    public int reloads() {
        return reloads.get();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        WatchService s = service;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.debug("closing the watch service", e);
            }
        }
    }

    /** The config file and the files it names ({@code transformers[].path}, {@code CUSTOM_ROUTER_PATH}, ...). */
    private Set<Path> files() {
        Set<Path> out = new LinkedHashSet<>();
        out.add(reloader.path());
        JsonNode raw = reloader.live().current().raw();
        List<String> named = new ArrayList<>();
        named.add(raw.path("CUSTOM_ROUTER_PATH").asString(""));
        named.add(raw.path("REWRITE_SYSTEM_PROMPT").asString(""));
        for (JsonNode t : raw.path("transformers")) {
            named.add(t.path("path").asString(""));
        }
        for (String name : named) {
            if (name.isBlank()) {
                continue;
            }
            try {
                out.add(RouterConfig.resolveBeside(reloader.path(), name));
            } catch (RuntimeException e) {
                LOG.debug("not watching {}: {}", name, e.getMessage());
            }
        }
        return Set.copyOf(out);
    }

    private synchronized void register() {
        WatchService s = service;
        if (s == null) {
            return;
        }
        for (Path file : watched) {
            Path dir = file.getParent();
            if (dir == null || keys.containsValue(dir) || !Files.isDirectory(dir)) {
                continue;
            }
            try {
                keys.put(
                        dir.register(
                                s,
                                StandardWatchEventKinds.ENTRY_CREATE,
                                StandardWatchEventKinds.ENTRY_MODIFY,
                                StandardWatchEventKinds.ENTRY_DELETE),
                        dir);
            } catch (IOException e) {
                LOG.debug("cannot watch {}: {}; polling it", dir, e.getMessage());
            }
        }
    }

    private void drain() {
        WatchService s = Objects.requireNonNull(service);
        while (true) {
            WatchKey key;
            try {
                key = s.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            Path dir;
            synchronized (this) {
                dir = keys.get(key);
            }
            boolean relevant = false;
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                    relevant = true;
                } else if (dir != null && event.context() instanceof Path name && watched.contains(dir.resolve(name))) {
                    relevant = true;
                }
            }
            if (!key.reset()) {
                synchronized (this) {
                    keys.remove(key);
                }
            }
            if (relevant) {
                changed();
            }
        }
    }

    private synchronized void changed() {
        long now = System.nanoTime();
        ScheduledFuture<?> p = pending;
        if (p == null) {
            burstStart = now;
        } else {
            p.cancel(false);
        }
        long untilMax = MAX_DELAY.toNanos() - (now - burstStart);
        long delay = Math.max(0, Math.min(debounce.toNanos(), untilMax));
        pending = scheduler.schedule(this::fire, delay, TimeUnit.NANOSECONDS);
    }

    private void fire() {
        synchronized (this) {
            pending = null;
        }
        Map<Path, String> before = fingerprint(watched);
        reloads.incrementAndGet();
        try {
            reloader.reload("watch");
        } catch (RuntimeException e) {
            LOG.error("config: reload failed unexpectedly; the previous config stays in force", e);
        }
        fingerprints = before;
        watched = files();
        register();
    }

    private void pollFiles() {
        try {
            if (!fingerprint(watched).equals(fingerprints)) {
                synchronized (this) {
                    if (pending != null) {
                        return;
                    }
                }
                changed();
            } else if (service != null) {
                register();
            }
        } catch (RuntimeException e) {
            LOG.debug("config poll failed", e);
        }
    }

    private static Map<Path, String> fingerprint(Set<Path> files) {
        Map<Path, String> out = new HashMap<>();
        for (Path f : files) {
            try {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                out.put(f, a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey());
            } catch (IOException e) {
                out.put(f, "missing");
            }
        }
        return out;
    }
}
