package dev.modelrouter.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.protocol.anthropic.AnthropicProtocol;
import dev.modelrouter.protocol.openai.OpenAiProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The copying path ({@link EscapedStrings#read}, {@link EscapedStrings#write}) against the general one
 * ({@code readTree}, {@code writeValueAsBytes}): the same trees and the same bytes on every input, and
 * the client's bytes copied only where they are what the generator would write.
 */
class EscapedStringsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LONG = "x".repeat(EscapedStrings.MIN_CHARS);

    static Stream<String> claudeCodeBodies() {
        return ClaudeCodeFixtures.requests().stream();
    }

    @ParameterizedTest
    @MethodSource("claudeCodeBodies")
    void translatesEveryClaudeCodeBodyToTheSameOpenAiBytes(String name) throws IOException {
        byte[] body = bytes("fixtures/claude-code/" + name);
        AnthropicProtocol anthropic = new AnthropicProtocol();
        OpenAiProtocol openai = new OpenAiProtocol();

        ChatRequest general = read(anthropic, name, JSON.readTree(body));
        byte[] expected = JSON.writeValueAsBytes(openai.writeRequest(general));
        ChatRequest copying = read(anthropic, name, EscapedStrings.read(JSON, body));
        byte[] actual = EscapedStrings.write(JSON, openai.writeRequest(copying));

        assertThat(new String(actual, StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(actual).isEqualTo(expected);
    }

    static Stream<String> oddStrings() {
        return Stream.of(
                LONG,
                LONG + "\"quoted\" \\ back\\slash",
                LONG + "\n\t\r\b\f controls",
                LONG + "\u0001\u001f\u007f other controls",
                LONG + " é ü ß 日本語 \u2028\u2029 non-ASCII",
                LONG + " 😀 🧑‍💻 surrogate pairs 𝄞",
                LONG + " </script> a/b/c",
                "x".repeat(EscapedStrings.MIN_CHARS - 1),
                "é".repeat(EscapedStrings.MIN_CHARS),
                "😀".repeat(EscapedStrings.MIN_CHARS),
                "a\"b\\c\nd".repeat(100_000));
    }

    @ParameterizedTest
    @MethodSource("oddStrings")
    void writesWhatTheGeneralPathWritesForOddStrings(String text) {
        ObjectNode source = JSON.createObjectNode();
        source.put("z", text).putArray("list").add(text).addObject().put("k", text);
        byte[] body = JSON.writeValueAsBytes(source);

        assertSame(body);
    }

    @Test
    void findsASpecialCharacterWhereverItFallsInAWord() {
        for (String special : List.of("\n", "\"", "\\", "\u0001", "\u007f", "é", "日", "😀")) {
            for (int at = 0; at <= 17; at++) {
                String text = LONG.substring(0, at) + special + LONG.substring(at);
                assertSame(JSON.writeValueAsBytes(JSON.createArrayNode().add(text)));
            }
        }
    }

    @Test
    void findsAnEscapeTheGeneratorWouldNotWriteWhereverItFalls() {
        for (String escape : List.of("\\/", "\\u00e9", "\\u001b", "\\u0041")) {
            for (int at = 0; at <= 17; at++) {
                assertSame(("[\"" + LONG.substring(0, at) + escape + LONG.substring(at) + "\"]")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    static Stream<String> oddBodies() {
        return Stream.of(
                // escapes the generator would not write: the strings are escaped again
                "{\"a\":\"" + LONG + "\\/path\\/to\"}",
                "{\"a\":\"" + LONG + "\\u00e9 \\u00E9\"}",
                "{\"a\":\"" + LONG + "\\u001b[31m lower-case hex\"}",
                "{\"a\":\"" + LONG + "\\u001B[31m upper-case hex\"}",
                "{\"a\":\"" + LONG + "\\u000a escaped newline\"}",
                "{\"a\":\"" + LONG + "\\ud83d\\ude00 escaped pair\"}",
                "{\"a\":\"" + LONG + "\\ud83d lone high surrogate\"}",
                "{\"a\":\"" + LONG + "\\u0041\"}",
                // unusual shapes: key order, duplicate keys, nesting, whitespace, numbers
                "{ \"z\" : \"" + LONG + "\" ,\n\t\"a\":[ \"" + LONG
                        + "\" , 1, 2.50, -0.0, 1e400, 12345678901234567890 ] }",
                "{\"a\":\"" + LONG + "1\",\"a\":\"" + LONG + "2\",\"b\":null,\"c\":true}",
                "[[[[\"" + LONG + "\"]]],{\"" + LONG + "\":\"" + LONG + "\"}]",
                "\"" + LONG + "\"",
                "  {\"a\":\"" + LONG + "\"}  ");
    }

    @ParameterizedTest
    @MethodSource("oddBodies")
    void readsAndWritesOddBodiesAsTheGeneralPathDoes(String json) {
        assertSame(json.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<int[]> lenientUtf8() {
        // overlong forms, a CESU-8 surrogate, past U+10FFFF: Jackson's parser takes most of them, and the
        // generator would write something else for what it read
        return Stream.of(
                new int[] {0xC0, 0x80},
                new int[] {0xC1, 0xBF},
                new int[] {0xE0, 0x80, 0x80},
                new int[] {0xE0, 0x9F, 0xBF},
                new int[] {0xED, 0xA0, 0x80},
                new int[] {0xF0, 0x80, 0x80, 0x80},
                new int[] {0xF4, 0x90, 0x80, 0x80},
                new int[] {0xF5, 0x80, 0x80, 0x80});
    }

    @ParameterizedTest
    @MethodSource("lenientUtf8")
    void keepsBytesTheParserReadsLenientlyOutOfTheCopy(int[] odd) {
        byte[] head = ("{\"a\":\"" + LONG).getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + odd.length + 2];
        System.arraycopy(head, 0, body, 0, head.length);
        for (int i = 0; i < odd.length; i++) {
            body[head.length + i] = (byte) odd[i];
        }
        body[body.length - 2] = '"';
        body[body.length - 1] = '}';
        JsonNode tree;
        try {
            tree = EscapedStrings.read(JSON, body);
        } catch (JacksonException rejected) {
            assertThatThrownBy(() -> JSON.readTree(body)).isInstanceOf(JacksonException.class);
            return;
        }
        assertThat(tree).isEqualTo(JSON.readTree(body));
        assertThat(EscapedStrings.write(JSON, tree)).isEqualTo(JSON.writeValueAsBytes(tree));
    }

    @Test
    void copiesStringsWithEscapesAndNonAsciiWhereverTheyFall() {
        for (String special : List.of("\\n", "\\\"", "\\\\", "\\u0001", "\\u001F", "é", "日", "😀")) {
            for (int at = 0; at <= 17; at++) {
                byte[] body = ("[\"" + LONG.substring(0, at) + special + LONG.substring(at) + "\"]")
                        .getBytes(StandardCharsets.UTF_8);
                JsonNode tree = EscapedStrings.read(JSON, body);
                body[body.length - 3] = 'y';

                assertThat(new String(EscapedStrings.write(JSON, tree), StandardCharsets.UTF_8))
                        .as("%s at %d", special, at)
                        .endsWith("xy\"]");
            }
        }
    }

    @Test
    void copiesTheClientsBytesForAnUnchangedString() {
        byte[] body = ("{\"a\":\"" + LONG + "\"}").getBytes(StandardCharsets.UTF_8);
        JsonNode tree = EscapedStrings.read(JSON, body);
        // the copy is taken from the body: a changed body byte shows that it was copied, not escaped again
        body[8] = 'y';

        assertThat(new String(EscapedStrings.write(JSON, tree), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":\"xxy" + LONG.substring(3) + "\"}");
    }

    @Test
    void escapesAgainAStringWrittenOtherwiseByTheClient() {
        byte[] body = ("{\"a\":\"" + LONG + "\\/\"}").getBytes(StandardCharsets.UTF_8);
        JsonNode tree = EscapedStrings.read(JSON, body);
        body[8] = 'y';

        assertThat(new String(EscapedStrings.write(JSON, tree), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":\"" + LONG + "/\"}");
    }

    @Test
    void escapesAgainAChangedString() {
        byte[] body = ("{\"a\":\"" + LONG + "\"}").getBytes(StandardCharsets.UTF_8);
        ObjectNode tree = (ObjectNode) EscapedStrings.read(JSON, body);
        tree.put("a", tree.get("a").stringValue() + "!");
        body[8] = 'y';

        assertThat(new String(EscapedStrings.write(JSON, tree), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":\"" + LONG + "!\"}");
    }

    @Test
    void writesAJoinFromItsPartsBytes() {
        byte[] body = ("[\"" + LONG + "\",\"" + LONG.replace('x', 'z') + "\\\"q\"]").getBytes(StandardCharsets.UTF_8);
        JsonNode tree = EscapedStrings.read(JSON, body);
        String joined = EscapedStrings.join(
                "\n\n",
                List.of(tree.get(0).stringValue(), "short \"one\"", tree.get(1).stringValue()));
        body[3] = 'y';

        assertThat(new String(
                        EscapedStrings.write(JSON, JSON.createObjectNode().put("c", joined)), StandardCharsets.UTF_8))
                .isEqualTo("{\"c\":\"xy" + LONG.substring(2) + "\\n\\nshort \\\"one\\\"\\n\\n" + LONG.replace('x', 'z')
                        + "\\\"q\"}");
    }

    @Test
    void remembersBoundedlyManyJoinsOnAThreadThatNeverReads() throws InterruptedException {
        int[] most = new int[1];
        Thread worker = new Thread(() -> {
            for (int i = 0; i < 3 * EscapedStrings.MAX_ENTRIES; i++) {
                EscapedStrings.join("\n", List.of(LONG, String.valueOf(i)));
                most[0] = Math.max(most[0], EscapedStrings.remembered());
            }
        });
        worker.start();
        worker.join();

        assertThat(most[0]).isEqualTo(EscapedStrings.MAX_ENTRIES);
    }

    @Test
    void forgetsTheStringsOfAnEarlierBody() {
        byte[] first = ("{\"a\":\"" + LONG + "\"}").getBytes(StandardCharsets.UTF_8);
        JsonNode tree = EscapedStrings.read(JSON, first);
        EscapedStrings.read(JSON, "{}".getBytes(StandardCharsets.UTF_8));
        first[8] = 'y';

        assertThat(EscapedStrings.write(JSON, tree)).isEqualTo(JSON.writeValueAsBytes(tree));
    }

    @Test
    void refusesWhatReadTreeRefuses() {
        JsonMapper strict = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        for (String bad : List.of("{\"a\":\"" + LONG + "\"} {}", "{\"a\":", "{\"a\":\"" + LONG + "}", "[1,]")) {
            byte[] body = bad.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> EscapedStrings.read(strict, body))
                    .isInstanceOf(JacksonException.class)
                    .hasMessageContaining(messageOf(() -> strict.readTree(body)).substring(0, 20));
        }
        assertThat(EscapedStrings.read(JSON, new byte[0])).isEqualTo(JSON.readTree(new byte[0]));
    }

    /** Both paths read {@code body} to equal trees and write them to the same bytes. */
    private static void assertSame(byte[] body) {
        JsonNode general = JSON.readTree(body);
        JsonNode copying = EscapedStrings.read(JSON, body);
        assertThat(copying).isEqualTo(general);
        assertThat(new String(EscapedStrings.write(JSON, copying), StandardCharsets.UTF_8))
                .isEqualTo(new String(JSON.writeValueAsBytes(general), StandardCharsets.UTF_8));
    }

    private static ChatRequest read(AnthropicProtocol anthropic, String name, JsonNode body) {
        ChatRequest request = ClaudeCodeFixtures.isCountTokens(name)
                ? anthropic.readCountTokensRequest(body)
                : anthropic.readRequest(body);
        return request.withModel("deepseek-chat");
    }

    private static String messageOf(Runnable failing) {
        try {
            failing.run();
        } catch (JacksonException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a failure");
    }

    private static byte[] bytes(String path) throws IOException {
        try (InputStream in = EscapedStringsTest.class.getClassLoader().getResourceAsStream(path)) {
            return in.readAllBytes();
        }
    }
}
