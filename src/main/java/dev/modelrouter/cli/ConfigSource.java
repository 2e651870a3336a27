package dev.modelrouter.cli;

import dev.modelrouter.config.ConfigException;
import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.RouterHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Where the config comes from: {@code --config FILE}, else {@code $ROUTER_HOME/config.json}, else the bundled example. */
final class ConfigSource {

    private ConfigSource() {}

    static @Nullable Path file(@Nullable Path option, Map<String, String> env) {
        if (option != null) {
            return option.toAbsolutePath();
        }
        Path home = RouterHome.resolve(env).configFile();
        return Files.exists(home) ? home.toAbsolutePath() : null;
    }

    static RouterConfig load(@Nullable Path file, Map<String, String> env) throws ConfigException {
        return file == null ? ConfigLoader.bundledExample(env) : ConfigLoader.load(file, env);
    }
}
