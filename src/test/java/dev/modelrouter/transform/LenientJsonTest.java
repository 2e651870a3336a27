package dev.modelrouter.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LenientJsonTest {

    static Stream<Arguments> repairs() {
        return Stream.of(
                Arguments.of("valid", "{\"a\": 1, \"b\": [true, null]}", "{\"a\":1,\"b\":[true,null]}"),
                Arguments.of("blank", "  ", "{}"),
                Arguments.of("trailing garbage", "{\"a\":1}}\n```", "{\"a\":1}"),
                Arguments.of("leading prose", "Here you go: {\"a\":1}", "{\"a\":1}"),
                Arguments.of("single quotes", "{'path': 'src/a.txt'}", "{\"path\":\"src/a.txt\"}"),
                Arguments.of("unquoted keys", "{path: \"a\", limit: 5}", "{\"path\":\"a\",\"limit\":5}"),
                Arguments.of("trailing commas", "{\"a\": [1, 2,], \"b\": 3,}", "{\"a\":[1,2],\"b\":3}"),
                Arguments.of(
                        "raw newline in a string",
                        "{\"content\": \"line1\nline2\"}",
                        "{\"content\":\"line1\\nline2\"}"),
                Arguments.of("unclosed brace", "{\"a\": {\"b\": 1}", "{\"a\":{\"b\":1}}"),
                Arguments.of("unclosed bracket and brace", "{\"a\": [1, 2", "{\"a\":[1,2]}"),
                Arguments.of("cut inside a string", "{\"command\": \"ls -la", "{\"command\":\"ls -la\"}"),
                Arguments.of("cut after a comma", "{\"a\": 1, ", "{\"a\":1}"),
                Arguments.of("cut after a key", "{\"a\": 1, \"b\":", "{\"a\":1}"),
                Arguments.of("cut inside a key", "{\"a\": 1, \"bb", "{\"a\":1}"),
                Arguments.of("stray closer", "{\"a\": [1]]}", "{\"a\":[1]}"),
                Arguments.of("double encoded", "\"{\\\"a\\\": 1}\"", "{\"a\":1}"),
                Arguments.of("comment", "{\"a\": 1 /* one */}", "{\"a\":1}"),
                Arguments.of(
                        "braces inside strings", "{\"code\": \"if (x) { y(); }\"", "{\"code\":\"if (x) { y(); }\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("repairs")
    void repairsToolArguments(String name, String input, String expected) {
        assertThat(LenientJson.repairObject(input)).contains(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hopeless")
    void givesUpOnWhatIsNotAnObject(String input) {
        assertThat(LenientJson.repairObject(input)).isEmpty();
    }

    static Stream<String> hopeless() {
        return Stream.of("no json here", "[1, 2]", "42");
    }
}
