package dev.modelrouter.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import dev.modelrouter.model.Scenario;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * claude-code-router's project and session routes: {@code $ROUTER_HOME/<project>/config.json} and
 * {@code $ROUTER_HOME/<project>/<sessionId>.json}, whose {@code Router} (and {@code fallback}) replace
 * config.json's for the requests of that Claude Code project or session; the session's file wins.
 * {@code <project>} is the folder under Claude Code's {@code projects} directory
 * ({@code $CLAUDE_CONFIG_DIR/projects}, default {@code ~/.claude/projects}) that holds the session's
 * transcript, {@code <sessionId>.jsonl}.
 *
 * <p>Unlike ccr, which looks through every project folder for each new session and reads the files on
 * every request, only the projects that have a folder of routes here are looked at, a session's
 * project is remembered, and a routes file is read again only when it changes. {@link #forSession}
 * does file I/O: call it off the event loop; {@link #active} never blocks. A file that does not
 * validate is logged once and left out.
 */
public final class ProjectRouters {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectRouters.class);
    /** Claude Code's session ids are UUIDs; anything else must never become part of a path. */
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
    private static final long RESCAN_NANOS = 5_000_000_000L;
    private static final long RECHECK_NANOS = 1_000_000_000L;
    private static final int SESSIONS = 1000;

    private final Path home;
    private final Path claudeProjects;
    private final Map<String, String> env;
    private final Executor background;
    private final AtomicBoolean scanning = new AtomicBoolean();
    private volatile List<String> projects;
    private volatile long scannedAt;
    private final Map<String, Found> sessions = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Found> eldest) {
            return size() > SESSIONS;
        }
    };
    private final Map<Path, Routes> files = new ConcurrentHashMap<>();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** A session's project ({@code null}: none has its transcript), as of {@code at}. */
    private record Found(@Nullable String project, long at) {}

    /** A routes file as last read: its stamp, when it was checked, and its routes for a config snapshot. */
    private record Routes(long modified, long size, long checkedAt, RouterConfig base, @Nullable RouterSettings router) {}

    /**
     * Looks for project folders now, and again every few seconds on {@code background} while the
     * daemon runs.
     */
    public ProjectRouters(Path home, Path claudeProjects, Map<String, String> env, Executor background) {
        this.home = home;
        this.claudeProjects = claudeProjects;
        this.env = env;
        this.background = background;
        this.projects = scan();
        this.scannedAt = System.nanoTime();
    }

    /** Claude Code's projects directory: {@code $CLAUDE_CONFIG_DIR/projects}, else {@code ~/.claude/projects}. */
    public static Path claudeProjects(Map<String, String> env) {
        String dir = env.get("CLAUDE_CONFIG_DIR");
        Path base = dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".claude");
        return base.resolve("projects");
    }

    /**
     * Whether any project has routes here, as of the last look (a folder made since is seen within
     * seconds); requests pay nothing for the feature while none does.
     */
    public boolean active() {
        if (System.nanoTime() - scannedAt > RESCAN_NANOS && scanning.compareAndSet(false, true)) {
            background.execute(() -> {
                try {
                    projects = scan();
                    scannedAt = System.nanoTime();
                } finally {
                    scanning.set(false);
                }
            });
        }
        return !projects.isEmpty();
    }

    /** The project folders with routes here, as of the last look. */
    public List<String> projects() {
        return projects;
    }

    /** {@code config} with the routes of the session's project or the session itself, if it has any. */
    public RouterConfig forSession(RouterConfig config, @Nullable String session) {
        if (session == null || !SESSION_ID.matcher(session).matches() || projects.isEmpty()) {
            return config;
        }
        String project = projectOf(session);
        if (project == null) {
            return config;
        }
        Path dir = home.resolve(project);
        RouterSettings own = read(dir.resolve(session + ".json"), config);
        if (own == null) {
            own = read(dir.resolve("config.json"), config);
        }
        return own == null ? config : config.withRouter(own);
    }

    /** A file without a {@code default} keeps config.json's, so its requests always have somewhere to go. */
    private static RouterSettings withDefault(RouterSettings own, RouterSettings global) {
        if (!own.targets(Scenario.DEFAULT).isEmpty() || global.targets(Scenario.DEFAULT).isEmpty()) {
            return own;
        }
        Map<Scenario, List<Target>> routes = new EnumMap<>(Scenario.class);
        routes.putAll(own.routes());
        routes.put(Scenario.DEFAULT, global.targets(Scenario.DEFAULT));
        return new RouterSettings(routes, own.longContextThreshold(), own.thinkMinEffort(), own.fallback());
    }

    /** The folders here that are also Claude Code project folders. */
    private List<String> scan() {
        List<String> found = new ArrayList<>();
        if (!Files.isDirectory(home) || !Files.isDirectory(claudeProjects)) {
            return List.of();
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(home, Files::isDirectory)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (Files.isDirectory(claudeProjects.resolve(name))) {
                    found.add(name);
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", home, e.toString());
        }
        return List.copyOf(found);
    }

    private @Nullable String projectOf(String session) {
        long now = System.nanoTime();
        synchronized (sessions) {
            Found f = sessions.get(session);
            // a project, once found, stays; "none" is asked again, as the transcript may appear later
            if (f != null && (f.project() != null || now - f.at() < RESCAN_NANOS)) {
                return f.project();
            }
        }
        String project = null;
        for (String p : projects) {
            if (Files.exists(claudeProjects.resolve(p).resolve(session + ".jsonl"))) {
                project = p;
                break;
            }
        }
        synchronized (sessions) {
            sessions.put(session, new Found(project, now));
        }
        return project;
    }

    private @Nullable RouterSettings read(Path file, RouterConfig config) {
        long now = System.nanoTime();
        Routes last = files.get(file);
        if (last != null && last.base() == config && now - last.checkedAt() < RECHECK_NANOS) {
            return last.router();
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException absent) {
            files.remove(file);
            return null;
        }
        long modified = attrs.lastModifiedTime().toMillis();
        if (last != null && last.base() == config && last.modified() == modified && last.size() == attrs.size()) {
            files.put(file, new Routes(modified, attrs.size(), now, config, last.router()));
            return last.router();
        }
        RouterSettings router = null;
        try {
            router = withDefault(
                    ConfigLoader.routerOverride(Files.readString(file, StandardCharsets.UTF_8), file, env, config.providers()),
                    config.router());
            LOG.info("routes of {} in force for its requests", file);
        } catch (ConfigException e) {
            if (warned.add(file + "@" + modified)) {
                LOG.warn("{} is not used: {}", file, e.getMessage());
            }
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", file, e.toString());
        }
        files.put(file, new Routes(modified, attrs.size(), now, config, router));
        return router;
    }
}
