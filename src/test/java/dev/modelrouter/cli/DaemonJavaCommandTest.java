package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DaemonJavaCommandTest {

    @Test
    void theDaemonsOptionsComeFirstAndTheUsersWin() {
        List<String> cmd = DaemonJavaCommand.of(Map.of("ROUTER_DAEMON_JAVA_OPTS", " -Xmx1g  -Dx=y "), null, null);
        assertThat(cmd).containsSubsequence("-XX:+UseSerialGC", "-Xms128m", "-Xmx1g", "-Dx=y", "serve", "--detached");
    }

    @Test
    void optionsTheJvmWouldRefuseBesideTheUsersAreLeftOut() {
        List<String> cmd = DaemonJavaCommand.of(Map.of("ROUTER_DAEMON_JAVA_OPTS", "-XX:+UseG1GC -Xmx64m"), null, null);
        assertThat(cmd).contains("-XX:+UseG1GC", "-Xmx64m").doesNotContain("-XX:+UseSerialGC", "-Xms128m", "-Xmn96m");
    }
}
