package dev.modelrouter.config;

import dev.modelrouter.model.Scenario;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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
    private static final int MAX_FILES = 4 * SESSIONS;
    private static final int MAX_WARNED = 1000;
    private static final long MAX_FILE_BYTES = 1 << 20;

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

    /**
     * A routes file as last looked at: its stamp ({@code -1} when absent), when it was checked, the
     * snapshot it was read against and that snapshot with its routes ({@code null} when the file is
     * absent, has no {@code Router} or does not validate). The same instance serves every request, so
     * what is keyed on a snapshot's identity (the custom router's process, transformer chains) holds.
     */
    private record Routes(
            long modified,
            long size,
            long checkedAt,
            RouterConfig base,
            @Nullable RouterConfig routed) {

        boolean freshFor(RouterConfig config, long now) {
            return base == config && now - checkedAt < RECHECK_NANOS;
        }
    }

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

    /**
     * A session's Claude Code project and the route files here that apply to it.
     *
     * @param project the folder under Claude Code's projects directory holding the session's
     *     transcript, or {@code null} when none does
     * @param files the route files that exist for it, the session's own first (it wins)
     */
    public record SessionRoutes(@Nullable String project, List<Path> files) {}

    /**
     * Looks up {@code session}'s project among all of Claude Code's project folders, whether or not
     * they have routes here, and the route files that exist for it. Looks at files: call it off the
     * event loop, and only for the few sessions a person looks at.
     */
    public SessionRoutes describe(String session) {
        SessionRoutes none = new SessionRoutes(null, List.of());
        if (!SESSION_ID.matcher(session).matches() || !Files.isDirectory(claudeProjects)) {
            return none;
        }
        String project = null;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(claudeProjects, Files::isDirectory)) {
            for (Path d : dirs) {
                if (Files.exists(d.resolve(session + ".jsonl"))) {
                    project = d.getFileName().toString();
                    break;
                }
            }
        } catch (IOException e) {
            return none;
        }
        if (project == null) {
            return none;
        }
        Path dir = home.resolve(project);
        List<Path> files = new ArrayList<>(2);
        for (Path f : List.of(dir.resolve(session + ".json"), dir.resolve("config.json"))) {
            if (Files.isRegularFile(f)) {
                files.add(f);
            }
        }
        return new SessionRoutes(project, List.copyOf(files));
    }

    /** Claude Code's projects directory: {@code $CLAUDE_CONFIG_DIR/projects}, else {@code ~/.claude/projects}. */
    public static Path claudeProjects(Map<String, String> env) {
        String dir = env.get("CLAUDE_CONFIG_DIR");
        Path base = dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(RouterHome.userHome(env), ".claude");
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

    /**
     * What {@link #forSession} would answer, when that is known without touching the disk (the
     * session's project and its files were looked at within the last second); {@code null} otherwise.
     * Never blocks.
     */
    public @Nullable RouterConfig known(RouterConfig config, @Nullable String session) {
        if (session == null || !SESSION_ID.matcher(session).matches() || projects.isEmpty()) {
            return config;
        }
        long now = System.nanoTime();
        Found found;
        synchronized (sessions) {
            found = sessions.get(session);
        }
        if (found == null) {
            return null;
        }
        if (found.project() == null) {
            return now - found.at() < RESCAN_NANOS ? config : null;
        }
        Path dir = home.resolve(found.project());
        Routes own = files.get(dir.resolve(session + ".json"));
        if (own == null || !own.freshFor(config, now)) {
            return null;
        }
        if (own.routed() != null) {
            return own.routed();
        }
        Routes project = files.get(dir.resolve("config.json"));
        if (project == null || !project.freshFor(config, now)) {
            return null;
        }
        return project.routed() != null ? project.routed() : config;
    }

    /**
     * {@code config} with the routes of the session's project or the session itself, if it has any.
     * Looks at files: call it off the event loop.
     */
    public RouterConfig forSession(RouterConfig config, @Nullable String session) {
        if (session == null || !SESSION_ID.matcher(session).matches() || projects.isEmpty()) {
            return config;
        }
        String project = projectOf(session);
        if (project == null) {
            return config;
        }
        Path dir = home.resolve(project);
        RouterConfig own = read(dir.resolve(session + ".json"), config);
        if (own == null) {
            own = read(dir.resolve("config.json"), config);
        }
        return own == null ? config : own;
    }

    /**
     * The file's {@code Router}, as in ccr, which uses nothing else of it: config.json's {@code fallback}
     * stays, and a file without {@code default} keeps config.json's so its requests have somewhere to go.
     */
    private static RouterSettings merged(RouterSettings own, RouterSettings global) {
        Map<Scenario, List<Target>> routes = new EnumMap<>(Scenario.class);
        routes.putAll(own.routes());
        if (routes.getOrDefault(Scenario.DEFAULT, List.of()).isEmpty()
                && !global.targets(Scenario.DEFAULT).isEmpty()) {
            routes.put(Scenario.DEFAULT, global.targets(Scenario.DEFAULT));
        }
        return new RouterSettings(routes, own.longContextThreshold(), own.thinkMinEffort(), global.fallback());
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

    private @Nullable RouterConfig read(Path file, RouterConfig config) {
        long now = System.nanoTime();
        Routes last = files.get(file);
        if (last != null && last.freshFor(config, now)) {
            return last.routed();
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException absent) {
            remember(file, new Routes(-1, -1, now, config, null));
            return null;
        }
        long modified = attrs.lastModifiedTime().toMillis();
        if (last != null && last.base() == config && last.modified() == modified && last.size() == attrs.size()) {
            remember(file, new Routes(modified, attrs.size(), now, config, last.routed()));
            return last.routed();
        }
        RouterConfig routed = null;
        try {
            if (attrs.size() > MAX_FILE_BYTES) {
                throw new IOException("larger than " + MAX_FILE_BYTES + " bytes");
            }
            RouterSettings own = ConfigLoader.routerOverride(
                    Files.readString(file, StandardCharsets.UTF_8), file, env, config.providers());
            if (own != null) {
                routed = config.withRouter(merged(own, config.router()));
                LOG.info("routes of {} in force for its requests", file);
            }
        } catch (ConfigException e) {
            if (warned.size() < MAX_WARNED && warned.add(file + "@" + modified)) {
                LOG.warn("{} is not used: {}", file, e.getMessage());
            }
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", file, e.toString());
        }
        remember(file, new Routes(modified, attrs.size(), now, config, routed));
        return routed;
    }

    /** Keeps what was seen of a file; entries nobody asked about for a minute go once there are many. */
    private void remember(Path file, Routes routes) {
        files.put(file, routes);
        if (files.size() > MAX_FILES) {
            long now = System.nanoTime();
            files.values().removeIf(r -> now - r.checkedAt() > 60_000_000_000L);
        }
    }
}
