package dev.modelrouter.protocol.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaScrubberTest {

    /** The legacy form as a tree (key order does not matter to Gemini), or JSON null when omitted. */
    private static tools.jackson.databind.JsonNode legacy(String schema) {
        tools.jackson.databind.JsonNode out = SchemaScrubber.legacy(Json.parse(schema));
        return out == null ? Json.parse("null") : out;
    }

    /** Each row: the keyword rule, the input schema, the legacy {@code parameters} it must become. */
    static Stream<Arguments> legacyRules() {
        return Stream.of(
                Arguments.of(
                        "types are upper-cased, unknown keywords dropped",
                        "{\"$schema\":\"x\",\"$id\":\"y\",\"$comment\":\"z\",\"type\":\"object\",\"additionalProperties\":false,"
                                + "\"properties\":{\"a\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":9,\"pattern\":\"^a\"}}}",
                        "{\"type\":\"OBJECT\",\"properties\":{\"a\":{\"type\":\"STRING\",\"minLength\":1,\"maxLength\":9,\"pattern\":\"^a\"}}}"),
                Arguments.of(
                        "const becomes a one-value enum",
                        "{\"type\":\"object\",\"properties\":{\"k\":{\"type\":\"string\",\"const\":\"v\"}}}",
                        "{\"type\":\"OBJECT\",\"properties\":{\"k\":{\"type\":\"STRING\",\"enum\":[\"v\"]}}}"),
                Arguments.of(
                        "enum stays on strings only",
                        "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"enum\":[1,2]},\"s\":{\"enum\":[\"x\",\"y\",null]}}}",
                        "{\"type\":\"OBJECT\",\"properties\":{\"n\":{\"type\":\"INTEGER\"},\"s\":{\"nullable\":true,\"type\":\"STRING\",\"enum\":[\"x\",\"y\"]}}}"),
                Arguments.of(
                        "exclusive bounds become inclusive",
                        "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"number\",\"exclusiveMinimum\":0,\"exclusiveMaximum\":10,\"multipleOf\":2}}}",
                        "{\"type\":\"OBJECT\",\"properties\":{\"n\":{\"type\":\"NUMBER\",\"minimum\":0,\"maximum\":10}}}"),
                Arguments.of(
                        "a type array with null becomes nullable",
                        "{\"type\":\"object\",\"properties\":{\"t\":{\"type\":[\"string\",\"null\"]}}}",
                        "{\"type\":\"OBJECT\",\"properties\":{\"t\":{\"type\":\"STRING\",\"nullable\":true}}}"),
                Arguments.of(
                        "a type array of several types becomes anyOf",
                        "{\"type\":\"object\",\"properties\":{\"t\":{\"type\":[\"string\",\"integer\"]}}}",
                        "{\"type\":\"OBJECT\",\"properties\":{\"t\":{\"anyOf\":[{\"type\":\"STRING\"},{\"type\":\"INTEGER\"}]}}}"),
                Arguments.of(
                        "format survives on strings only as enum or date-time",
                        "{\"type\":\"object\",\"properties\":{\"d\":{\"type\":\"string\",\"format\":\"date-time\"},"
                                + "\"u\":{\"type\":\"string\",\"format\":\"uri\"},\"i\":{\"type\":\"integer\",\"format\":\"int32\"}}}",
                        "{\"type\":\"OBJECT\",\"properties\":{\"d\":{\"type\":\"STRING\",\"format\":\"date-time\"},"
                                + "\"u\":{\"type\":\"STRING\"},\"i\":{\"type\":\"INTEGER\"}}}"),
                Arguments.of(
                        "array keywords: uniqueItems dropped, tuple items take the first",
                        "{\"type\":\"object\",\"properties\":{\"l\":{\"type\":\"array\",\"items\":[{\"type\":\"string\"}],"
                                + "\"uniqueItems\":true,\"minItems\":1}}}",
                        "{\"type\":\"OBJECT\",\"properties\":{\"l\":{\"type\":\"ARRAY\",\"minItems\":1,\"items\":{\"type\":\"STRING\"}}}}"),
                Arguments.of(
                        "propertyNames and patternProperties dropped",
                        "{\"type\":\"object\",\"properties\":{\"m\":{\"type\":\"object\",\"propertyNames\":{\"pattern\":\"a\"},"
                                + "\"patternProperties\":{\"^x\":{\"type\":\"string\"}}}}}",
                        "{\"type\":\"OBJECT\",\"properties\":{\"m\":{\"type\":\"OBJECT\"}}}"),
                Arguments.of(
                        "local $ref is inlined, $defs dropped",
                        "{\"type\":\"object\",\"$defs\":{\"P\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"number\"}}}},"
                                + "\"properties\":{\"p\":{\"$ref\":\"#/$defs/P\",\"description\":\"a point\"}}}",
                        "{\"type\":\"OBJECT\",\"properties\":{\"p\":{\"type\":\"OBJECT\",\"properties\":{\"x\":{\"type\":\"NUMBER\"}},"
                                + "\"description\":\"a point\"}}}"),
                Arguments.of(
                        "a recursive $ref ends as a free-form object",
                        "{\"type\":\"object\",\"definitions\":{\"N\":{\"type\":\"object\",\"properties\":{\"next\":{\"$ref\":\"#/definitions/N\"}}}},"
                                + "\"properties\":{\"n\":{\"$ref\":\"#/definitions/N\"}}}",
                        "{\"type\":\"OBJECT\",\"properties\":{\"n\":{\"type\":\"OBJECT\",\"properties\":{\"next\":{\"type\":\"OBJECT\"}}}}}"),
                Arguments.of(
                        "oneOf becomes anyOf, a null branch becomes nullable",
                        "{\"type\":\"object\",\"properties\":{\"v\":{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"number\"},{\"type\":\"null\"}]}}}",
                        "{\"type\":\"OBJECT\",\"properties\":{\"v\":{\"nullable\":true,\"anyOf\":[{\"type\":\"STRING\"},{\"type\":\"NUMBER\"}]}}}"),
                Arguments.of(
                        "anyOf with one branch besides null is inlined",
                        "{\"type\":\"object\",\"properties\":{\"v\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"null\"}],\"description\":\"d\"}}}",
                        "{\"type\":\"OBJECT\",\"properties\":{\"v\":{\"description\":\"d\",\"nullable\":true,\"type\":\"STRING\"}}}"),
                Arguments.of(
                        "allOf members are merged",
                        "{\"allOf\":[{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"a\"]},"
                                + "{\"properties\":{\"b\":{\"type\":\"boolean\"}},\"required\":[\"b\"]}]}",
                        "{\"type\":\"OBJECT\",\"properties\":{\"a\":{\"type\":\"STRING\"},\"b\":{\"type\":\"BOOLEAN\"}},\"required\":[\"a\",\"b\"]}"),
                Arguments.of(
                        "not is dropped; required keeps declared names only",
                        "{\"type\":\"object\",\"not\":{\"required\":[\"x\"]},\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"a\",\"ghost\",\"a\"]}",
                        "{\"type\":\"OBJECT\",\"properties\":{\"a\":{\"type\":\"STRING\"}},\"required\":[\"a\"]}"),
                Arguments.of(
                        "examples becomes example; kept keywords pass",
                        "{\"type\":\"object\",\"title\":\"T\",\"properties\":{\"a\":{\"type\":\"string\",\"examples\":[\"e1\",\"e2\"],"
                                + "\"default\":\"d\",\"title\":\"A\"}},\"minProperties\":1,\"propertyOrdering\":[\"a\"]}",
                        "{\"type\":\"OBJECT\",\"title\":\"T\",\"properties\":{\"a\":{\"type\":\"STRING\",\"default\":\"d\",\"title\":\"A\",\"example\":\"e1\"}},"
                                + "\"minProperties\":1,\"propertyOrdering\":[\"a\"]}"),
                Arguments.of(
                        "a root without type is an OBJECT; nested empty properties are dropped",
                        "{\"properties\":{\"o\":{\"type\":\"object\",\"properties\":{},\"additionalProperties\":{\"type\":\"string\"}}}}",
                        "{\"properties\":{\"o\":{\"type\":\"OBJECT\"}},\"type\":\"OBJECT\"}"),
                Arguments.of(
                        "a tool without arguments has no parameters",
                        "{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}",
                        "null"),
                Arguments.of(
                        "property names that look like keywords are kept",
                        "{\"type\":\"object\",\"properties\":{\"$schema\":{\"type\":\"string\"},\"const\":{\"type\":\"string\"}}}",
                        "{\"type\":\"OBJECT\",\"properties\":{\"$schema\":{\"type\":\"STRING\"},\"const\":{\"type\":\"STRING\"}}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("legacyRules")
    void scrubsLegacyParameters(String rule, String schema, String expected) {
        assertThat(legacy(schema)).as(rule).isEqualTo(Json.parse(expected));
    }

    @Test
    void stripsOnlyMetaKeywordsFromJsonSchemaAtSchemaPositions() {
        String schema =
                "{\"$schema\":\"s\",\"$id\":\"i\",\"type\":\"object\",\"additionalProperties\":{\"$comment\":\"c\",\"type\":\"string\"},"
                        + "\"properties\":{\"$schema\":{\"$id\":\"x\",\"type\":\"string\",\"const\":\"$schema\"},"
                        + "\"l\":{\"type\":\"array\",\"items\":{\"$schema\":\"s\",\"type\":\"integer\"}},"
                        + "\"u\":{\"anyOf\":[{\"$comment\":\"c\",\"type\":\"null\"},{\"type\":\"string\"}]}},"
                        + "\"$defs\":{\"D\":{\"$id\":\"d\",\"type\":\"string\"}},\"examples\":[{\"$schema\":\"data, not schema\"}]}";

        assertThat(SchemaScrubber.jsonSchema(Json.parse(schema)).toString())
                .isEqualTo("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"},"
                        + "\"properties\":{\"$schema\":{\"type\":\"string\",\"const\":\"$schema\"},"
                        + "\"l\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}},"
                        + "\"u\":{\"anyOf\":[{\"type\":\"null\"},{\"type\":\"string\"}]}},"
                        + "\"$defs\":{\"D\":{\"type\":\"string\"}},\"examples\":[{\"$schema\":\"data, not schema\"}]}");
    }

    @Test
    void detectsToolsWithoutArguments() {
        assertThat(SchemaScrubber.hasArguments(Json.parse("{\"type\":\"object\"}")))
                .isFalse();
        assertThat(SchemaScrubber.hasArguments(Json.parse("{\"type\":\"object\",\"properties\":{}}")))
                .isFalse();
        assertThat(SchemaScrubber.hasArguments(Json.parse("{\"type\":\"object\",\"properties\":{\"a\":{}}}")))
                .isTrue();
        assertThat(SchemaScrubber.hasArguments(Json.parse("{\"anyOf\":[{\"type\":\"object\"}]}")))
                .isTrue();
    }

    @Test
    void readsLegacyParametersBackAsJsonSchema() {
        String legacy = "{\"type\":\"OBJECT\",\"properties\":{\"a\":{\"type\":\"STRING\",\"nullable\":true},"
                + "\"l\":{\"type\":\"ARRAY\",\"items\":{\"type\":\"INTEGER\"}}},\"required\":[\"a\"]}";

        assertThat(SchemaScrubber.fromLegacy(Json.parse(legacy)).toString())
                .isEqualTo("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":[\"string\",\"null\"]},"
                        + "\"l\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}},\"required\":[\"a\"]}");
    }
}
