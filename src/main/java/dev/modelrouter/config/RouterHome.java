package dev.modelrouter.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The router's home folder: {@code $ROUTER_HOME}, default {@code ~/.router}, where {@code ~} is {@code $HOME}
 * as the shell that started us sees it (Java's {@code user.home} comes from the password database and
 * differs under sudo, in containers and on CI, where {@code HOME} is set elsewhere).
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
        return resolve(env, userHome(env));
    }

    /** The user's home folder, {@code ~}: {@code $HOME} when set, else Java's {@code user.home}. */
    public static String userHome(Map<String, String> env) {
        String home = env.getOrDefault("HOME", "").trim();
        return home.isEmpty() ? System.getProperty("user.home") : home;
    }

    /** {@code path} with a leading {@code ~} or {@code ~/} replaced by {@link #userHome(Map)}. */
    public static String expandTilde(String path, Map<String, String> env) {
        if (path.equals("~") || path.startsWith("~/")) {
            return userHome(env) + path.substring(1);
        }
        return path;
    }

    static RouterHome resolve(Map<String, String> env, String userHome) {
        String configured = env.getOrDefault(ENV, "").trim();
        if (configured.isEmpty()) {
            return new RouterHome(Path.of(userHome, ".router").toAbsolutePath().normalize());
        }
        if (configured.equals("~") || configured.startsWith("~/")) {
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

    /** {@code cache/tokenizers/}: Hugging Face tokenizer.json files fetched by Hub model name. */
    public Path tokenizerCacheDir() {
        return dir.resolve("cache").resolve("tokenizers");
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
