package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.config.CompactWindow;
import dev.modelrouter.config.RouterHome;
import dev.modelrouter.config.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaudeWindowTest {

    private static final CompactWindow DEEPSEEK = new CompactWindow(128000, 120000, 8192, "default ds,deepseek-chat");

    @Test
    void exportsTheWindowForClaudesOwnModelNamesAndForNamesItDoesNotKnow() {
        assertThat(ClaudeWindow.variables(DEEPSEEK, Map.of()))
                .containsExactly(
                        Map.entry("CLAUDE_CODE_AUTO_COMPACT_WINDOW", "120000"),
                        Map.entry("CLAUDE_CODE_MAX_CONTEXT_TOKENS", "120000"),
                        Map.entry("CLAUDE_CODE_MAX_OUTPUT_TOKENS", "8192"));
    }

    @Test
    void aWindowBelowClaudeCodesFloorIsSentAsTheFloorAndABigOutputLimitNotAtAll() {
        CompactWindow small = new CompactWindow(32768, 28672, 65536, "default p,m");

        assertThat(ClaudeWindow.variables(small, Map.of()))
                .containsExactly(
                        Map.entry("CLAUDE_CODE_AUTO_COMPACT_WINDOW", "100000"),
                        Map.entry("CLAUDE_CODE_MAX_CONTEXT_TOKENS", "28672"));
    }

    @Test
    void leavesAVariableTheUserSetAlone() {
        assertThat(ClaudeWindow.variables(DEEPSEEK, Map.of("CLAUDE_CODE_AUTO_COMPACT_WINDOW", "150000")))
                .doesNotContainKey("CLAUDE_CODE_AUTO_COMPACT_WINDOW")
                .containsKey("CLAUDE_CODE_MAX_CONTEXT_TOKENS");
    }

    @Test
    void afterARouteChangeSaysTheNewWindowAndToRestartWhenClaudeCodeWasStartedWithAnother(@TempDir Path dir) {
        RouterHome home = new RouterHome(dir);
        assertThat(ClaudeWindow.afterChange(Optional.of(DEEPSEEK), home))
                .contains(
                        "context window now: 128k window (default ds,deepseek-chat); Claude Code compacts within 120000 tokens");

        ClaudeWindow.record(home, DEEPSEEK, "router code");
        CompactWindow bigger = new CompactWindow(262144, 245760, 8192, "longContext ds,qwen3-coder");

        assertThat(ClaudeWindow.afterChange(Optional.of(DEEPSEEK), home).orElseThrow())
                .doesNotContain("restart");
        assertThat(ClaudeWindow.afterChange(Optional.of(bigger), home).orElseThrow())
                .contains("Claude Code was started to compact within 120000 tokens; restart it (exit, then"
                        + " `router code --continue`) so it compacts within 245760");
        assertThat(ClaudeWindow.afterChange(Optional.empty(), home)).isEmpty();
    }

    @Test
    void readsTheTargetClaudeIsStartedWithFromItsModelOption() {
        assertThat(ClaudeWindow.askedModel(List.of("--continue", "--model", "ds,deepseek-chat")))
                .contains(new Target("ds", "deepseek-chat"));
        assertThat(ClaudeWindow.askedModel(List.of("--model=ds,deepseek-chat")))
                .contains(new Target("ds", "deepseek-chat"));
        assertThat(ClaudeWindow.askedModel(List.of("--model", "opus"))).isEmpty();
        assertThat(ClaudeWindow.askedModel(List.of("-p", "--model"))).isEmpty();
    }

    @Test
    void theWindowClaudeCodeWasToldComesFromItsEnvironmentElseTheRecord(@TempDir Path dir) {
        RouterHome home = new RouterHome(dir);
        assertThat(ClaudeWindow.told(Map.of(), home)).isZero();

        ClaudeWindow.record(home, DEEPSEEK, "router code");

        assertThat(ClaudeWindow.told(Map.of(), home)).isEqualTo(120000);
        assertThat(ClaudeWindow.told(Map.of("CLAUDE_CODE_MAX_CONTEXT_TOKENS", "245760"), home))
                .isEqualTo(245760);
    }

    @Test
    void aSwitchToAModelWithAnotherWindowSaysHowToRestartWithIt() {
        CompactWindow qwen = new CompactWindow(262144, 245760, 65536, "model ds,qwen3-coder");

        assertThat(ClaudeWindow.switchHint("ds,qwen3-coder", 120000, Optional.of(qwen)))
                .isEqualTo("\u26a0 ds,qwen3-coder: 262k window, Claude Code compacts within 120000;"
                        + " restart: router code --continue --model ds,qwen3-coder");
        assertThat(ClaudeWindow.switchHint("claude-opus-5-5", 120000, Optional.of(qwen)))
                .isEqualTo("\u26a0 routes: 262k window, Claude Code compacts within 120000;"
                        + " restart: router code --continue");
        assertThat(ClaudeWindow.switchHint("ds,deepseek-chat", 120000, Optional.of(DEEPSEEK)))
                .isEmpty();
        assertThat(ClaudeWindow.switchHint("ds,qwen3-coder", 0, Optional.of(qwen)))
                .isEmpty();
        assertThat(ClaudeWindow.switchHint("ds,qwen3-coder", 120000, Optional.empty()))
                .isEmpty();
    }
}
