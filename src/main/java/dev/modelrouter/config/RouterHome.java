package dev.modelrouter.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The router's home folder: {@code $ROUTER_HOME}, default {@code ~/.router}.
 *
 * @param dir the folder
 */
public record RouterHome(Path dir) {

    /** Environment variable that overrides the home folder. */
    public static final String ENV = "ROUTER_HOME";

    public RouterHome {
        Objects.requireNonNull(dir, "dir");
    }

    /** {@code ROUTER_HOME} from {@code env} (a leading {@code ~} is expanded), else {@code ~/.router}. */
    public static RouterHome resolve(Map<String, String> env) {
        return resolve(env, System.getProperty("user.home"));
    }

    static RouterHome resolve(Map<String, String> env, String userHome) {
        String configured = env.getOrDefault(ENV, "").trim();
        if (configured.isEmpty()) {
            return new RouterHome(Path.of(userHome, ".router").toAbsolutePath().normalize());
        }
        if (configured.equals("~")) {
            configured = userHome;
        } else if (configured.startsWith("~/")) {
            configured = userHome + configured.substring(1);
        }
        return new RouterHome(Path.of(configured).toAbsolutePath().normalize());
    }

    /** {@code config.json}. */
    public Path configFile() {
        return dir.resolve("config.json");
    }

    /** {@code plugins/}: plugin jars. */
    public Path pluginsDir() {
        return dir.resolve("plugins");
    }

    /** {@code logs/}: the daemon log and the request log. */
    public Path logsDir() {
        return dir.resolve("logs");
    }

    /** {@code admin-token}: the credential of the admin API, readable by the user alone (see {@link AdminToken}). */
    public Path adminTokenFile() {
        return dir.resolve("admin-token");
    }

    /** {@code router.pid}: PID and port of the running daemon. */
    public Path pidFile() {
        return dir.resolve("router.pid");
    }
}
