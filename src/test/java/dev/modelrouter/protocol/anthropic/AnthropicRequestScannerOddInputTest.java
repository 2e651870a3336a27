package dev.modelrouter.protocol.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.model.RequestTraits;
import dev.modelrouter.model.RouterException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The scan's shortcuts (a system text is searched for the sub-agent tag in its raw bytes and decoded
 * only when it may hold one) give the results and the errors of a full decode on strings with escapes,
 * braces, unicode, and on broken bodies. The expected error texts are those the scan gave before the
 * shortcuts.
 */
class AnthropicRequestScannerOddInputTest {

    private static final String TAG = "<CCR-SUBAGENT-MODEL>p,m</CCR-SUBAGENT-MODEL>";

    private static AnthropicScan scan(String json) {
        return AnthropicRequestScanner.scan(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String rewrite(String json) {
        return Rewritten.text(scan(json), "m");
    }

    private static String systemString(String rawJsonText) {
        return "{\"model\":\"m\",\"system\":\"" + rawJsonText + "\",\"messages\":[]}";
    }

    private static String systemBlocks(String rawJsonText) {
        return "{\"model\":\"m\",\"system\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\""
                + rawJsonText + "\"}],\"messages\":[]}";
    }

    @Test
    void findsATagWhoseCharactersAreWrittenAsUnicodeEscapes() {
        String escaped = "\\u003cCCR-SUBAGENT-MODEL\\u003ep,m</CCR-SUBAGENT-MODEL\\u003e rest";
        assertThat(scan(systemString(escaped)).traits(() -> 0).subagentTarget()).isEqualTo("p,m");
        assertThat(rewrite(systemString(escaped))).isEqualTo(systemString("rest"));
        assertThat(scan(systemBlocks(escaped)).traits(() -> 0).subagentTarget()).isEqualTo("p,m");
        assertThat(rewrite(systemBlocks(escaped))).isEqualTo(systemBlocks("rest"));
    }

    @Test
    void findsATagAfterEscapedQuotesBackslashesBracesAndUnicode() {
        String text = "say \\\"hi\\\" {[\\\\]} \u00e9\u4e2d\ud83d\ude00 \\\\" + TAG + "tail";
        assertThat(scan(systemString(text)).traits(() -> 0).subagentTarget()).isEqualTo("p,m");
        assertThat(rewrite(systemString(text)))
                .isEqualTo(systemString("say \\\"hi\\\" {[\\\\]} \u00e9\u4e2d\ud83d\ude00 \\\\tail"));
        assertThat(scan(systemBlocks(text)).traits(() -> 0).subagentTarget()).isEqualTo("p,m");
    }

    @Test
    void leavesTextWithoutTheTagAloneWhateverItsEscapes() {
        for (String text : new String[] {
            "",
            "\\\\",
            "\\\"",
            "ends with a quote \\\"",
            "an escaped backslash then u: \\\\u003c",
            "\\\"<CCR-SUBAGENT-MODEL\\\">",
            "<CCR-SUBAGENT-MODEL",
            "{\\\"a\\\":[1,{}]} \u00e9\ud83d\ude00",
            "\\u00e9\\n\\t"
        }) {
            for (String json : new String[] {systemString(text), systemBlocks(text)}) {
                AnthropicScan scan = scan(json);
                assertThat(scan.traits(() -> 0).subagentTarget()).as(json).isNull();
                assertThat(rewrite(json)).as(json).isEqualTo(json);
            }
        }
    }

    @Test
    void keepsTheFirstTargetAndStripsEveryBlockAsBefore() {
        String json =
                "{\"model\":\"m\",\"system\":[{\"type\":\"text\",\"text\":\"x <CCR-SUBAGENT-MODEL>a,b</CCR-SUBAGENT-MODEL>\"},"
                        + "{\"type\":\"text\",\"text\":\"plain \\\"q\\\"\"},"
                        + "{\"type\":\"text\",\"text\":\"y <CCR-SUBAGENT-MODEL>c,d</CCR-SUBAGENT-MODEL>\"}],\"messages\":[]}";
        assertThat(scan(json).traits(() -> 0).subagentTarget()).isEqualTo("a,b");
        assertThat(rewrite(json))
                .isEqualTo(json.replace("<CCR-SUBAGENT-MODEL>a,b</CCR-SUBAGENT-MODEL>", "")
                        .replace("<CCR-SUBAGENT-MODEL>c,d</CCR-SUBAGENT-MODEL>", ""));
    }

    @Test
    void readsToolsPastSchemasWithOddStringsAndDeepNesting() {
        String deep = "[".repeat(200) + "\"}\\\"{\"" + "]".repeat(200);
        String json = "{\"model\":\"m\",\"tools\":[{\"name\":\"a\",\"input_schema\":{\"d\":\"} ] \\\" \\\\\",\"n\":"
                + deep + ",\"u\":\"\u00e9\\u00e9\",\"x\":[-0.5e+3,true,null,{}]},\"type\":\"custom\"},"
                + "{\"name\":\"w\",\"type\":\"web_search_20250305\"}],\"messages\":[]}";
        RequestTraits traits = scan(json).traits(() -> 0);
        assertThat(traits.toolCount()).isEqualTo(2);
        assertThat(traits.webSearch()).isTrue();
        assertThat(traits.textBytes()).isEqualTo(json.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void refusesBrokenSystemTextsWithTheErrorsOfAFullDecode() {
        assertRefused(
                systemString("bad \\x escape").getBytes(StandardCharsets.UTF_8),
                "at line 1, column 29: Unrecognized character escape 'x' (code 120)");
        assertRefused(
                systemString("ctl \u0001 char").getBytes(StandardCharsets.UTF_8),
                "at line 1, column 28: Illegal unquoted character ((CTRL-CHAR, code 1))");
        assertRefused(
                "{\"model\":\"m\",\"system\":\"trunc".getBytes(StandardCharsets.UTF_8),
                "at line 1, column 29: Unexpected end-of-input in VALUE_STRING");
        assertRefused(
                "{\"model\":\"m\",\"system\":\"trunc\\".getBytes(StandardCharsets.UTF_8),
                "at line 1, column 30: Unexpected end-of-input in character escape sequence");
        assertRefused(
                systemBlocks("bad \\u12G4").getBytes(StandardCharsets.UTF_8),
                "at line 1, column 82: Unexpected character ('G' (code 71)): expected a hex-digit");
        assertRefused(
                "{\"model\":\"m\",\"system\":[{\"type\":\"text\",\"text\":\"trunc".getBytes(StandardCharsets.UTF_8),
                "at line 1, column 52: Unexpected end-of-input in VALUE_STRING");
        assertRefused(withByte(0xC3, 0x28), "at line 1, column 35: Invalid UTF-8 middle byte 0x28");
        assertRefused(withByte(0x80), "at line 1, column 34: Invalid UTF-8 start byte 0x80");
    }

    @Test
    void refusesBrokenToolSchemasAsBefore() {
        assertRefused(
                tool("{\"type\":\"object\",\"x\":tru}}],\"messages\":[]}"),
                "at line 1, column 71: Unrecognized token 'tru'");
        assertRefused(
                tool("{\"type\":\"object\",\"x\":[1,]}}],\"messages\":[]}"),
                "at line 1, column 74: Unexpected character (']' (code 93)): expected a value");
        assertRefused(tool("{\"d\":\"q\\\"}\""), "at line 1, column 61: Unexpected end-of-input");
    }

    private static byte[] tool(String schema) {
        return ("{\"model\":\"m\",\"tools\":[{\"name\":\"a\",\"input_schema\":" + schema)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] withByte(int... bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"model\":\"m\",\"system\":\"bad utf8 ".getBytes(StandardCharsets.UTF_8));
        for (int b : bytes) {
            out.write(b);
        }
        out.writeBytes("\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void assertRefused(byte[] body, String detail) {
        assertThatThrownBy(() -> AnthropicRequestScanner.scan(body))
                .isInstanceOf(RouterException.class)
                .hasMessageStartingWith("malformed JSON in the request body " + detail);
    }
}
