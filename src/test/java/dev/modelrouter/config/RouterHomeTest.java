package dev.modelrouter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterHomeTest {

    @Test
    void defaultsToDotRouterInTheUserHome() {
        RouterHome home = RouterHome.resolve(Map.of(), "/home/me");

        assertThat(home.dir()).isEqualTo(Path.of("/home/me/.router"));
        assertThat(home.configFile()).isEqualTo(Path.of("/home/me/.router/config.json"));
        assertThat(home.pluginsDir()).isEqualTo(Path.of("/home/me/.router/plugins"));
        assertThat(home.logsDir()).isEqualTo(Path.of("/home/me/.router/logs"));
        assertThat(home.pidFile()).isEqualTo(Path.of("/home/me/.router/router.pid"));
        assertThat(home.adminTokenFile()).isEqualTo(Path.of("/home/me/.router/admin-token"));
    }

    @Test
    void routerHomeVariableWins() {
        assertThat(RouterHome.resolve(Map.of("ROUTER_HOME", "/srv/router"), "/home/me")
                        .dir())
                .isEqualTo(Path.of("/srv/router"));
        assertThat(RouterHome.resolve(Map.of("ROUTER_HOME", "~/r"), "/home/me").dir())
                .isEqualTo(Path.of("/home/me/r"));
        assertThat(RouterHome.resolve(Map.of("ROUTER_HOME", "  "), "/home/me").dir())
                .isEqualTo(Path.of("/home/me/.router"));
    }

    @Test
    void usesTheJvmUserHomeOnlyWithoutAHomeVariable() {
        assertThat(RouterHome.resolve(Map.of()).dir())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".router")
                        .toAbsolutePath()
                        .normalize());
        assertThat(RouterHome.resolve(Map.of("HOME", " ")).dir())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".router")
                        .toAbsolutePath()
                        .normalize());
    }

    @Test
    void followsTheHomeVariableRatherThanJavasUserHome() {
        String elsewhere = "/tmp/not-" + System.getProperty("user.home").replace('/', '-');

        assertThat(RouterHome.resolve(Map.of("HOME", elsewhere)).dir()).isEqualTo(Path.of(elsewhere, ".router"));
        assertThat(RouterHome.resolve(Map.of("HOME", elsewhere, "ROUTER_HOME", "~/r"))
                        .dir())
                .isEqualTo(Path.of(elsewhere, "r"));
        assertThat(RouterHome.resolve(Map.of("HOME", elsewhere, "ROUTER_HOME", "/srv/router"))
                        .dir())
                .isEqualTo(Path.of("/srv/router"));
        assertThat(RouterHome.expandTilde("~/plugins/a.jar", Map.of("HOME", elsewhere)))
                .isEqualTo(elsewhere + "/plugins/a.jar");
        assertThat(ProjectRouters.claudeProjects(Map.of("HOME", elsewhere)))
                .isEqualTo(Path.of(elsewhere, ".claude", "projects"));
    }
}
