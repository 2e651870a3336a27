package dev.modelrouter.protocol.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.model.RequestTraits;
import dev.modelrouter.model.RouterException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Odd {@code tools} arrays: the tool count, the web-search flag, a rewrite of what comes after the
 * array, and every refusal with the parser's own position and message.
 */
class AnthropicRequestScannerToolsTest {

    private static AnthropicScan scan(String json) {
        return AnthropicRequestScanner.scan(json.getBytes(StandardCharsets.UTF_8));
    }

    private static RequestTraits traits(String json) {
        return scan(json).traits(() -> 0);
    }

    private static String tool(String schema) {
        return "{\"model\":\"m\",\"tools\":[{\"name\":\"a\",\"input_schema\":" + schema + "}],\"messages\":[]}";
    }

    @Test
    void countsEveryToolAndFindsWebSearchEvenWhenSpelledWithEscapes() {
        RequestTraits mixed = traits(
                "{\"model\":\"m\",\"tools\":[{\"typ\\u0065\":\"web_search_1\"}, 3, \"s\", [], null],\"messages\":[]}");
        assertThat(mixed.toolCount()).isEqualTo(5);
        assertThat(mixed.webSearch()).isTrue();
        assertThat(traits("{\"model\":\"m\",\"tools\":[{\"type\":\"web\\u005fsearch_1\"}],\"messages\":[]}")
                        .webSearch())
                .isTrue();
        RequestTraits twice = traits("{\"model\":\"m\",\"tools\":[{\"type\":\"custom\",\"type\":\"web_search_2\"}],"
                + "\"tools\":[{}],\"messages\":[]}");
        assertThat(twice.toolCount()).isEqualTo(2);
        assertThat(twice.webSearch()).isTrue();
        RequestTraits none = traits("{\"model\":\"m\",\"tools\":\"none\",\"messages\":[]}");
        assertThat(none.toolCount()).isZero();
        assertThat(none.webSearch()).isFalse();
        assertThat(traits("{\"model\":\"m\",\"tools\":[{\"name\":\"web_search\",\"type\":\"custom\"}],\"messages\":[]}")
                        .webSearch())
                .isFalse();
    }

    @Test
    void rewritesModelAndSystemThatComeAfterTheTools() {
        String json = "{\"tools\" : [ {\"type\":\"web_searchy\", \"input_schema\":{\"d\":\"}]\\\"\"}} ] ,\n"
                + " \"system\":\"<CCR-SUBAGENT-MODEL>p,m</CCR-SUBAGENT-MODEL> rest\",\"model\":\"m\",\"messages\":[]}";
        AnthropicScan scan = scan(json);
        assertThat(scan.traits(() -> 0).subagentTarget()).isEqualTo("p,m");
        assertThat(scan.traits(() -> 0).toolCount()).isEqualTo(1);
        assertThat(scan.traits(() -> 0).webSearch()).isTrue();
        assertThat(Rewritten.text(scan, "zz"))
                .isEqualTo(json.replace("<CCR-SUBAGENT-MODEL>p,m</CCR-SUBAGENT-MODEL> ", "")
                        .replace("\"model\":\"m\"", "\"model\":\"zz\""));
    }

    @Test
    void acceptsWhatTheParserAcceptsBeyondTheStrictReading() {
        assertThat(traits(tool("[".repeat(300) + "]".repeat(300))).toolCount()).isEqualTo(1);
        assertThat(traits(tool("{\"x\":" + "1".repeat(300) + "}")).toolCount()).isEqualTo(1);
        // an overlong UTF-8 form, which the parser lets through in a string it skips
        assertThat(AnthropicRequestScanner.scan(inSchemaString(0xC0, 0x80))
                        .traits(() -> 0)
                        .toolCount())
                .isEqualTo(1);
    }

    @Test
    void refusesBrokenToolsWithTheParsersErrors() {
        assertRefused(tool("{\"x\":01}"), "at line 1, column 56: Invalid numeric value: Leading zeroes not allowed");
        assertRefused(
                tool("{\"x\":1.}"), "at line 1, column 57: Unexpected character ('}' (code 125)) in numeric value");
        assertRefused(
                tool("{\"x\":+1}"), "at line 1, column 56: Unexpected character ('+' (code 43)) in numeric value");
        assertRefused(
                tool("{\"x\":[1,]}"), "at line 1, column 58: Unexpected character (']' (code 93)): expected a value");
        assertRefused(tool("{\"x\":{\"a\":1,}}"), "at line 1, column 62: Unexpected character ('}' (code 125))");
        assertRefused(tool("{\"x\":truex}"), "at line 1, column 55: Unrecognized token 'truex'");
        assertRefused(tool("{\"x\":NaN}"), "at line 1, column 58: Non-standard token 'NaN'");
        assertRefused(tool("{\"x\":\"a\\qb\"}"), "at line 1, column 58: Unrecognized character escape 'q'");
        assertRefused(tool("{\"x\" 1}"), "at line 1, column 55: Unexpected character ('1' (code 49))");
        assertRefused(tool("[".repeat(600) + "]".repeat(600)), ": Document nesting depth (501) exceeds");
        assertRefused(tool("{\"x\":" + "1".repeat(1001) + "}"), ": Number value length (1001) exceeds");
        assertRefused(
                "{\"model\":\"m\",\"tools\":[{},],\"messages\":[]}", "at line 1, column 26: Unexpected character (']'");
        assertRefused(
                "{\"model\":\"m\",\"tools\":[{\"name\":\"t\",\"input_schema\":{\"d\":\"x\"}}",
                "at line 1, column 60: Unexpected end-of-input: expected close marker for Array");
        assertThatThrownBy(() -> AnthropicRequestScanner.scan(inSchemaString(0xFF)))
                .hasMessageStartingWith(
                        "malformed JSON in the request body at line 1, column 57: Invalid UTF-8 start byte 0xff");
        assertThatThrownBy(() -> AnthropicRequestScanner.scan(inSchemaString(0x1F)))
                .hasMessageStartingWith(
                        "malformed JSON in the request body at line 1, column 56: Illegal unquoted character");
    }

    @Test
    void refusesWhatFollowsTheToolsAtTheBodysOwnPositions() {
        assertRefused(
                "{\"model\":\"m\",\"messages\":[],\"tools\":[],}",
                "at line 1, column 39: Unexpected character ('}' (code 125)): was expecting double-quote");
        assertRefused(
                "{\"model\":\"m\",\"tools\":[] \"messages\":[]}",
                "at line 1, column 25: Unexpected character ('\"' (code 34)): was expecting comma");
        assertRefused(
                "{\"model\":\"m\",\"tools\":[],\"messages\":[}", "at line 1, column 37: Unexpected close marker '}'");
        assertRefused(
                "{\"model\":\"m\",\"tools\":[],\"messages\":[]} x", "at line 1, column 40: Unrecognized token 'x'");
        assertThatThrownBy(() -> scan("{\"model\":\"m\",\"tools\":[]}"))
                .hasMessage("messages: required, an array of messages");
        assertThatThrownBy(() -> scan("{\"tools\":[],\"messages\":[]}")).hasMessageStartingWith("model: required");
        assertThatThrownBy(() -> scan("{\"model\":\"m\",\"tools\":[],\n\"messages\":[], \"model\":7}"))
                .hasMessage("model: expected a string");
    }

    private static byte[] inSchemaString(int... bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"model\":\"m\",\"tools\":[{\"name\":\"a\",\"input_schema\":{\"x\":\""
                .getBytes(StandardCharsets.UTF_8));
        for (int b : bytes) {
            out.write(b);
        }
        out.writeBytes("\"}}],\"messages\":[]}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void assertRefused(String json, String detail) {
        assertThatThrownBy(() -> scan(json))
                .isInstanceOf(RouterException.class)
                .hasMessageStartingWith(
                        "malformed JSON in the request body" + (detail.startsWith(":") ? "" : " ") + detail);
    }
}
