package dev.modelrouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.json.JsonMapper;

class JsonTreesTest {

    private static final JsonMapper JSON5_MAPPER =
            JsonMapper.builder(JsonTrees.JSON5).build();

    @Test
    void readsJson5AsDatabindDoes() {
        String text = """
                // ccr-style config
                {
                  Providers: [{name: 'deepseek', api_key: "$KEY", models: ['a', "b",],},],
                  /* numbers */ n: +1, half: .5, whole: 5., big: 123456789012345678901234567890, nan: NaN,
                  dup: 1, dup: 2,
                }
                """;
        assertThat(JsonTrees.read(JsonTrees.JSON5, text)).isEqualTo(JSON5_MAPPER.readTree(text));
        assertThat(JsonTrees.read(JsonTrees.JSON5, text).path("dup").asInt()).isEqualTo(2);
        assertThat(JsonTrees.JSON5.isEnabled(JsonReadFeature.ALLOW_TRAILING_COMMA))
                .isTrue();
    }

    @Test
    void refusesTrailingContentAndSyntaxErrorsWithTheirPlace() {
        assertThatThrownBy(() -> JsonTrees.read(JsonTrees.JSON5, "{} {}"))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("Trailing token");
        assertThatThrownBy(() -> JsonTrees.read(JsonTrees.JSON, "{a: 1}"))
                .isInstanceOf(JacksonException.class)
                .satisfies(e -> assertThat(((JacksonException) e).getLocation().getLineNr())
                        .isEqualTo(1));
    }
}
