package dev.modelrouter.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.protocol.WireJson;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PlainChunkTest {

    private static final String HEAD =
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[";

    /** Chunks as providers write them, each with a text the scan must read as the parser does. */
    private static final List<String> CHUNKS = List.of(
            HEAD + "{\"index\":0,\"delta\":{\"content\":\"token0 \"},\"finish_reason\":null}]}",
            HEAD + "{\"index\":0,\"delta\":{\"content\":\"a\\nb \\\"q\\\" \\\\ \\/ \\t \\u00e9 \\ud83d\\ude00 é 😀\"},"
                    + "\"logprobs\":null,\"finish_reason\":null}]}",
            "{\"id\":\"1\",\"object\":\"chat.completion.chunk\",\"created\":1718345013,\"model\":\"deepseek-chat\","
                    + "\"system_fingerprint\":\"fp_a49d71b8a1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\","
                    + "\"reasoning_content\":null},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}",
            "{ \"choices\" : [ { \"delta\" : { \"role\" : \"assistant\" , \"content\" : \"x\" } } , {\"index\":1} ] ,"
                    + " \"service_tier\" : \"default\", \"n\": [1, -2.5e+3, 0.1, true, false, null, {\"a\": []}] }",
            HEAD + "{\"index\":0,\"delta\":{},\"finish_reason\":null}]}",
            HEAD + "{\"index\":0,\"delta\":{\"content\":null,\"tool_calls\":null}}]}");

    @Test
    void readsTheTextOfAPlainContentChunk() {
        assertThat(PlainChunk.content(CHUNKS.get(0))).isEqualTo("token0 ");
        assertThat(PlainChunk.content(CHUNKS.get(1))).isEqualTo("a\nb \"q\" \\ / \t é 😀 é 😀");
        assertThat(PlainChunk.content(CHUNKS.get(2))).isEqualTo("Hi");
        assertThat(PlainChunk.content(CHUNKS.get(3))).isEqualTo("x");
        assertThat(PlainChunk.content(CHUNKS.get(4))).isEmpty();
        assertThat(PlainChunk.content(CHUNKS.get(5))).isEmpty();
    }

    @Test
    void leavesEveryChunkWithOtherNewsToTheParser() {
        List<String> others = List.of(
                HEAD + "{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
                HEAD + "{\"index\":0,\"delta\":{\"content\":\"a\"}}],\"usage\":{\"prompt_tokens\":1}}",
                HEAD + "],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":20,\"total_tokens\":32}}",
                HEAD + "{\"index\":0,\"delta\":{\"reasoning_content\":\"hm\"}}]}",
                HEAD + "{\"index\":0,\"delta\":{\"reasoning\":\"hm\"}}]}",
                HEAD
                        + "{\"index\":0,\"delta\":{\"reasoning_details\":[{\"type\":\"reasoning.text\",\"text\":\"hm\"}]}}]}",
                HEAD + "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{}\"}}]}}]}",
                HEAD + "{\"index\":0,\"delta\":{\"content\":\"a\",\"content\":\"b\"}}]}",
                HEAD + "{\"index\":0,\"delta\":{\"content\":\"a\"}}]" + ",\"choices\":[]}",
                "{\"error\":{\"message\":\"overloaded\"}}",
                "{\"error\":null}",
                HEAD + "]}",
                HEAD + "{\"index\":0,\"delta\":{\"content\":\"a\"}}]}x",
                HEAD + "{\"index\":0,\"delta\":{\"content\":\"a\"}}],}",
                HEAD + "{\"index\":0,\"delta\":{\"content\":\"a\u0001\"}}]}",
                HEAD + "{\"index\":0,\"delta\":{\"content\":\"a\\x\"}}]}",
                HEAD + "{\"index\":0,\"delta\":{\"content\":\"a\\u00g9\"}}]}",
                HEAD + "{\"index\":01,\"delta\":{\"content\":\"a\"}}]}",
                HEAD + "{\"index\":0,\"delta\":{\"content\":\"a\"}}]",
                "[" + HEAD + "{\"index\":0,\"delta\":{\"content\":\"a\"}}]}]",
                "{\"n\":" + "[".repeat(40) + "]".repeat(40) + "," + HEAD.substring(1)
                        + "{\"delta\":{\"content\":\"a\"}}]}");
        for (String chunk : others) {
            assertThat(PlainChunk.content(chunk)).as(chunk).isNull();
        }
    }

    /**
     * Whatever the scan reads, the parser reads the same: valid JSON, no error, no usage, no finish, no
     * reasoning or tool calls, and the same text. Checked on provider chunks with random edits in them.
     */
    @Property(tries = 3000)
    void whatTheScanReadsTheParserReadsTheSame(@ForAll("edited") String chunk) {
        String text = PlainChunk.content(chunk);
        if (text == null) {
            return;
        }
        JsonNode tree = WireJson.tryParse(chunk);
        assertThat(tree).as(chunk).isNotNull();
        assertThat(tree.isObject()).as(chunk).isTrue();
        assertThat(WireJson.field(tree, "error")).as(chunk).isNull();
        assertThat(WireJson.field(tree, "usage")).as(chunk).isNull();
        JsonNode choice = tree.path("choices").path(0);
        JsonNode delta = choice.path("delta");
        assertThat(WireJson.text(choice, "finish_reason")).as(chunk).isNull();
        assertThat(OpenAiReasoning.text(delta)).as(chunk).isEmpty();
        assertThat(delta.path("reasoning_details").isArray()).as(chunk).isFalse();
        assertThat(delta.path("tool_calls").isArray()).as(chunk).isFalse();
        assertThat(text).as(chunk).isEqualTo(orEmpty(WireJson.text(delta, "content")));
    }

    @Provide
    Arbitrary<String> edited() {
        Arbitrary<String> pieces = Arbitraries.of(
                "\"",
                "\\",
                ",",
                ":",
                "{",
                "}",
                "[",
                "]",
                " ",
                "0",
                "1",
                "-",
                "e",
                ".",
                "n",
                "null",
                "u",
                "\\u00",
                "\"content\":",
                "\"reasoning\":\"r\",",
                "\"usage\":{},",
                "\"finish_reason\":\"stop\",",
                "\u0001",
                "é");
        Arbitrary<Edit> edit = Combinators.combine(
                        Arbitraries.integers().between(0, 1000),
                        Arbitraries.integers().between(0, 3),
                        pieces)
                .as(Edit::new);
        return Combinators.combine(Arbitraries.of(CHUNKS), edit.list().ofMaxSize(3))
                .as((chunk, edits) -> {
                    String out = chunk;
                    for (Edit e : edits) {
                        out = e.apply(out);
                    }
                    return out;
                });
    }

    /** Replaces {@code cut} characters at {@code at} (modulo the length) with {@code piece}. */
    private record Edit(int at, int cut, String piece) {
        String apply(String s) {
            int from = at % (s.length() + 1);
            return s.substring(0, from) + piece + s.substring(Math.min(s.length(), from + cut));
        }
    }

    private static String orEmpty(@Nullable String s) {
        return s == null ? "" : s;
    }
}
