package dev.modelrouter.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.config.ConfigText.Position;
import org.junit.jupiter.api.Test;

class ConfigTextTest {

    static final String FILE = """
            {
              // keys
              APIKEY: 'client-secret-1',
              "Providers": [
                {"name": "a", "api_key": ["sk-one-secret", "$KEY_TWO"], "models": ["m"]},
                {"name": "b", "api_key": "$B_KEY", "models": ["m"]},
              ],
              "Router": {"default": "a,m"},
            }
            """;

    @Test
    void masksLiteralKeysAndLeavesReferencesAndCommentsAsWritten() {
        String masked = ConfigText.of(FILE).masked();
        assertThat(masked)
                .contains("// keys")
                .contains("APIKEY: \"<masked key 1>\"")
                .contains("[\"<masked key 2>\", \"$KEY_TWO\"]")
                .contains("\"$B_KEY\"")
                .doesNotContain("client-secret-1")
                .doesNotContain("sk-one-secret");
    }

    @Test
    void unmaskingAnEditedTextPutsTheFilesLiteralsBack() {
        String edited = ConfigText.of(FILE).masked().replace("\"a,m\"", "\"b,m\"");
        assertThat(ConfigText.unmask(edited, FILE)).isEqualTo(FILE.replace("\"a,m\"", "\"b,m\""));
    }

    @Test
    void aPlaceholderWithoutALiteralStaysAsTyped() {
        assertThat(ConfigText.unmask("{\"APIKEY\": \"<masked key 9>\"}", FILE))
                .isEqualTo("{\"APIKEY\": \"<masked key 9>\"}");
    }

    @Test
    void locatesAPathOrItsNearestParentOrASyntaxErrorsLine() {
        ConfigText text = ConfigText.of(FILE);
        assertThat(text.at("$.Router.default", "")).contains(new Position(8, 14));
        assertThat(text.at("$.Providers[1].api_key", "")).contains(new Position(6, 19));
        assertThat(text.at("$.Providers[1].transformer", "")).contains(new Position(6, 5));
        assertThat(text.at("$", "invalid JSON at line 3, column 7: x")).contains(new Position(3, 7));
        assertThat(text.at("$", "the file is empty")).isEmpty();
    }
}
