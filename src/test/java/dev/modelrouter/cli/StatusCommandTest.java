package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class StatusCommandTest {

    private static final String STATUS = """
            {"version": "dev", "uptimeSeconds": 5, "configPath": "/h/config.json",
             "lastReload": {"ok": true, "at": "t", "trigger": "start", "message": "loaded"},
             "routes": {}, "providers": [],
             "usage": [{"provider": "p", "model": "m", "requests": 2, "errors": 0, "input": 10, "output": 4,
                        "cacheRead": 0, "cacheWrite": 0}],
             "cluster": {"instance": "ab12cd34", "redis": "10.0.0.1:6379", "state": "serving without cluster state",
                         "openElsewhere": {"p,m": 0}, "configResults": {"ef56ab78": "refused CLAUDE_PATH"},
                         "usageToday": [{"provider": "p", "model": "m", "client": "team-a", "requests": 7,
                                         "errors": 1, "input": 70, "output": 28, "cacheRead": 3, "cacheWrite": 0}]}}
            """;

    @Test
    void statusShowsTheClusterStateWhatOthersHoldOpenAndTodaysTotalsOfEveryInstance() {
        String text = human(STATUS);
        assertThat(text)
                .contains("cluster:   serving without cluster state through Redis at 10.0.0.1:6379"
                        + " (this instance: ab12cd34)\n")
                .contains("circuit p,m held open by another instance until 1970-01-01T00:00:00Z\n")
                .contains("last admin change on ef56ab78: refused CLAUDE_PATH\n")
                .contains("usage since start:\n  p,m ")
                .containsPattern("usage today \\(UTC\\), all instances:\n  p,m \\(team-a\\) +7 requests +1 errors"
                        + "  in 70  out 28  cache read 3");
    }

    @Test
    void aSingleInstanceShowsNoClusterLines() {
        assertThat(human(STATUS.substring(0, STATUS.indexOf(",\n \"cluster\"")) + "}"))
                .doesNotContain("cluster")
                .doesNotContain("all instances");
    }

    private static String human(String status) {
        StringWriter text = new StringWriter();
        StatusCommand.human(
                new PrintWriter(text, true),
                new DaemonInfo(1, "127.0.0.1", 3456, null),
                JsonMapper.builder().build().readTree(status));
        return text.toString();
    }
}
