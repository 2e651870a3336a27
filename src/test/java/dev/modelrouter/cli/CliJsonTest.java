package dev.modelrouter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CliJsonTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @Test
    void readsTheSameTreeAsDatabind() {
        String text = "{\"s\":\"a\\\"b\\u00e9\",\"i\":42,\"l\":12345678901234,\"big\":123456789012345678901234567890,"
                + "\"f\":1.25,\"t\":true,\"n\":null,\"a\":[1,[],{}],\"o\":{\"x\":{\"y\":[\"z\"]}}}";
        JsonNode ours = CliJson.read(text);
        assertThat(ours).isEqualTo(MAPPER.readTree(text));
        assertThat(ours.path("o").path("x").path("y").get(0).asString()).isEqualTo("z");
    }

    @Test
    void writesJsonThatReadsBackEqual() {
        String text = "{\"s\":\"line\\nbreak\",\"i\":-7,\"f\":0.5,\"t\":false,\"n\":null,\"a\":[1,\"2\",{\"k\":[]}]}";
        JsonNode tree = CliJson.read(text);
        assertThat(CliJson.write(tree)).isEqualTo(text);
        assertThat(MAPPER.readTree(CliJson.pretty(tree))).isEqualTo(tree);
        assertThat(CliJson.pretty(tree)).isEqualTo(tree.toPrettyString());
    }

    @Test
    void refusesBrokenOrTrailingContent() {
        assertThatThrownBy(() -> CliJson.read("{\"a\":")).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> CliJson.read("{} {}")).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> CliJson.read("")).isInstanceOf(JacksonException.class);
    }
}
