package dev.modelrouter.protocol.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.model.RequestTraits;
import dev.modelrouter.model.RouterException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AnthropicRequestScannerTest {

    private static AnthropicScan scan(String json) {
        return AnthropicRequestScanner.scan(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String rewrite(String json, String model) {
        return Rewritten.text(scan(json), model);
    }

    @Test
    void rewritesOnlyTheModelValueLeavingEveryOtherByteAlone() {
        String json =
                "{ \"max_tokens\" : 10,\n  \"model\":\"claude-sonnet-5-5\", \"messages\":[{\"role\":\"user\",\"content\":\"h\\u00e9\"}],"
                        + "\"temperature\":1.0e0}";
        assertThat(rewrite(json, "glm-4.6")).isEqualTo(json.replace("\"claude-sonnet-5-5\"", "\"glm-4.6\""));
    }

    @Test
    void escapesTheNewModelName() {
        String json = "{\"model\":\"a\",\"messages\":[]}";
        assertThat(rewrite(json, "we\"ird\\")).isEqualTo("{\"model\":\"we\\\"ird\\\\\",\"messages\":[]}");
    }

    @Test
    void findsAndStripsTheSubagentTagInAnySystemBlock() {
        String json = "{\"model\":\"m\",\"system\":[{\"type\":\"text\",\"text\":\"billing\"},"
                + "{\"type\":\"text\",\"text\":\"You are an agent.\"},"
                + "{\"type\":\"text\",\"text\":\"<CCR-SUBAGENT-MODEL>openrouter,gpt-5</CCR-SUBAGENT-MODEL>\\nDo it\"}],"
                + "\"messages\":[]}";
        AnthropicScan scan = scan(json);
        assertThat(scan.traits(() -> 0).subagentTarget()).isEqualTo("openrouter,gpt-5");
        assertThat(Rewritten.text(scan, "x"))
                .isEqualTo(json.replace("\"m\"", "\"x\"")
                        .replace("<CCR-SUBAGENT-MODEL>openrouter,gpt-5</CCR-SUBAGENT-MODEL>\\n", ""));
    }

    @Test
    void removesASystemBlockThatHeldOnlyTheTag() {
        String json = "{\"model\":\"m\",\"system\":[{\"type\":\"text\",\"text\":\"a\"}, "
                + "{\"type\":\"text\",\"text\":\"<CCR-SUBAGENT-MODEL>p,m</CCR-SUBAGENT-MODEL>\"}],\"messages\":[]}";
        assertThat(rewrite(json, "m"))
                .isEqualTo("{\"model\":\"m\",\"system\":[{\"type\":\"text\",\"text\":\"a\"}],\"messages\":[]}");
        String first =
                "{\"model\":\"m\",\"system\":[{\"type\":\"text\",\"text\":\"<CCR-SUBAGENT-MODEL>p,m</CCR-SUBAGENT-MODEL>\"},"
                        + " {\"type\":\"text\",\"text\":\"a\"}],\"messages\":[]}";
        assertThat(rewrite(first, "m"))
                .isEqualTo("{\"model\":\"m\",\"system\":[{\"type\":\"text\",\"text\":\"a\"}],\"messages\":[]}");
    }

    @Test
    void stripsTheTagFromAStringSystemPrompt() {
        String json =
                "{\"model\":\"m\",\"system\":\"<CCR-SUBAGENT-MODEL>p,m</CCR-SUBAGENT-MODEL> rest\",\"messages\":[]}";
        assertThat(rewrite(json, "m")).isEqualTo("{\"model\":\"m\",\"system\":\"rest\",\"messages\":[]}");
    }

    @Test
    void readsRoutingFacts() {
        String json = "{\"model\":\"claude-opus-5-5\",\"max_tokens\":32000,\"stream\":true,"
                + "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":8000},"
                + "\"output_config\":{\"effort\":\"high\",\"format\":{\"type\":\"json_schema\",\"schema\":{}}},"
                + "\"tools\":[{\"name\":\"Bash\",\"input_schema\":{\"type\":\"object\"}},{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"AAAAAAAAAA\"}}]},"
                + "{\"role\":\"assistant\",\"content\":\"ok\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"url\",\"url\":\"https://x\"}}]}]}]}";
        AnthropicScan scan = scan(json);
        RequestTraits traits = scan.traits(() -> 7);
        assertThat(traits.model()).isEqualTo("claude-opus-5-5");
        assertThat(traits.maxTokens()).isEqualTo(32000);
        assertThat(traits.thinkingBudget()).isEqualTo(8000);
        assertThat(traits.effort()).isEqualTo("high");
        assertThat(traits.structuredOutput()).isTrue();
        assertThat(traits.toolCount()).isEqualTo(2);
        assertThat(traits.webSearch()).isTrue();
        assertThat(traits.lastUserImage()).isTrue();
        assertThat(traits.textBytes()).isEqualTo(json.length() - "AAAAAAAAAA".length());
        assertThat(scan.stream()).isTrue();
    }

    @Test
    void adaptiveThinkingIsNotAnExplicitBudget() {
        AnthropicScan scan = scan(
                "{\"model\":\"m\",\"thinking\":{\"type\":\"adaptive\",\"display\":\"omitted\"},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(scan.traits(() -> 0).thinkingBudget()).isNull();
        assertThat(scan.traits(() -> 0).lastUserImage()).isFalse();
    }

    @Test
    void rejectsMalformedBodiesWithLineAndColumn() {
        assertThatThrownBy(() -> scan("{\"model\":\"m\",\n\"messages\":[}"))
                .isInstanceOf(RouterException.class)
                .hasMessageContaining("line 2, column");
        assertThatThrownBy(() -> scan("{\"messages\":[]}")).hasMessageContaining("model: required");
        assertThatThrownBy(() -> scan("{\"model\":\"m\"}")).hasMessageContaining("messages: required");
        assertThatThrownBy(() -> scan("[1]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> scan("{\"model\":3,\"messages\":[]}"))
                .hasMessageContaining("model: expected a string");
    }

    @Test
    void flagsThinkingThatAnthropicDidNotSignSoItIsNotForwardedAsBytes() {
        String turn = "{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\","
                + "\"thinking\":\"t\",\"signature\":\"%s\"}]}]}";

        assertThat(scan(turn.formatted("EqQBCkYIBxgCKkD")).unsignedThinking()).isFalse();
        assertThat(scan(turn.formatted("rtr1.none")).unsignedThinking()).isTrue();
        assertThat(scan(turn.formatted("rtr1.gemini.U2ln")).unsignedThinking()).isTrue();
        assertThat(scan(turn.formatted("")).unsignedThinking()).isTrue();
        assertThat(scan("{\"model\":\"m\",\"messages\":[]}").unsignedThinking()).isFalse();
    }
}
