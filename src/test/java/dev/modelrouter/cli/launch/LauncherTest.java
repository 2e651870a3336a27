package dev.modelrouter.cli.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.config.RouterHome;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {

    @TempDir
    Path dir;

    @Test
    void cacheLivesInTheHomeThatRouterHomeResolves() {
        for (Map<String, String> env : List.of(
                Map.of("HOME", "/home/u"),
                Map.of("HOME", "/home/u", "ROUTER_HOME", "~/r"),
                Map.of("HOME", "/home/u", "ROUTER_HOME", "~"),
                Map.of("HOME", "/home/u", "ROUTER_HOME", " /srv/router/../router2 "),
                Map.of("HOME", "", "ROUTER_HOME", "relative/home"),
                Map.<String, String>of())) {
            assertThat(Launcher.cacheRoot(env))
                    .as("%s", env)
                    .isEqualTo(RouterHome.resolve(env).dir().resolve("cache"));
        }
    }

    @Test
    void onlyServeRelaunchesAndTheSwitchKeepsItInProcess() {
        assertThat(Launcher.relaunches(new String[] {"serve", "--port", "1"}, Map.of()))
                .isTrue();
        assertThat(Launcher.relaunches(new String[] {"status"}, Map.of())).isFalse();
        assertThat(Launcher.relaunches(new String[0], Map.of())).isFalse();
        assertThat(Launcher.relaunches(new String[] {"serve"}, Map.of(Launcher.NO_RELAUNCH_ENV, "1")))
                .isFalse();
    }

    @Test
    void relaunchesOnlyFromASingleJarOnTheClassPath() throws IOException {
        Path jar = Files.createFile(dir.resolve("model-router.jar"));
        assertThat(Launcher.bootJar(jar.toString())).isEqualTo(jar.toAbsolutePath());
        assertThat(Launcher.bootJar(jar + File.pathSeparator + dir)).isNull();
        assertThat(Launcher.bootJar(dir.toString())).isNull();
        assertThat(Launcher.bootJar(dir.resolve("missing.jar").toString())).isNull();
        assertThat(Launcher.bootJar("")).isNull();
    }
}
