package dev.modelrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.CacheControl;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemRewriteTest {

    private static ChatRequest withSystem(Content.Text... blocks) {
        return ChatRequest.builder().model("m").system(List.of(blocks)).build();
    }

    @Test
    void replacesTheMainBlockUpToItsEnvSectionAndKeepsItsCacheBreakpoint() {
        CacheControl cache = CacheControl.EPHEMERAL;
        ChatRequest request = withSystem(
                Content.Text.of("x-anthropic-billing-header: cc_version=2.1"),
                new Content.Text(
                        "You are Claude Code, ...long prompt...\n<env>\nWorking directory: /w\n</env>\nmore", cache));

        ChatRequest rewritten = SystemRewrite.apply(request, "You are my agent.\n");

        assertThat(rewritten).isNotNull();
        assertThat(rewritten.system())
                .containsExactly(
                        Content.Text.of("x-anthropic-billing-header: cc_version=2.1"),
                        new Content.Text("You are my agent.\n<env>\nWorking directory: /w\n</env>\nmore", cache));
    }

    @Test
    void keepsWhatFollowsTheLastEnvTagAsCcrDoes() {
        ChatRequest request = withSystem(
                Content.Text.of("billing"),
                Content.Text.of("Explains the <env> tag...\n<env>\nWorking directory: /w\n</env>"));

        assertThat(SystemRewrite.apply(request, "Mine.\n").system().get(1).text())
                .isEqualTo("Mine.\n<env>\nWorking directory: /w\n</env>");
    }

    @Test
    void leavesRequestsWithoutClaudeCodesMainBlockAlone() {
        assertThat(SystemRewrite.apply(withSystem(Content.Text.of("only one <env>")), "p"))
                .isNull();
        assertThat(SystemRewrite.apply(withSystem(Content.Text.of("a"), Content.Text.of("no env here")), "p"))
                .isNull();
        assertThat(SystemRewrite.apply(withSystem(), "p")).isNull();
    }
}
