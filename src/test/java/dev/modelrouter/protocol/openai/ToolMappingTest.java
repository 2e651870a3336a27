package dev.modelrouter.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ToolMappingTest {

    @Test
    void sanitizesForeignIdsDeterministicallyAndIdempotently() {
        String id = ToolIds.sanitize("functions.Bash:0");

        assertThat(id).matches("[a-zA-Z0-9_-]+").startsWith("functions_Bash_0_").isEqualTo(ToolIds.sanitize("functions.Bash:0"));
        assertThat(ToolIds.sanitize(id)).isEqualTo(id);
        assertThat(ToolIds.sanitize("functions.Bash_0")).isNotEqualTo(ToolIds.sanitize("functions:Bash_0"));
        assertThat(ToolIds.sanitize("toolu_01A-b")).isEqualTo("toolu_01A-b");
    }

    @Test
    void keepsShortNamesAndShortensLongOnesTo64() {
        assertThat(ToolNames.shorten("Bash")).isEqualTo("Bash");
        String longName = "x".repeat(64);
        assertThat(ToolNames.shorten(longName)).isEqualTo(longName);
        assertThat(ToolNames.shorten(longName + "y")).hasSize(64).isNotEqualTo(ToolNames.shorten(longName + "z"));
    }

    @Test
    void repairsTruncatedArgumentsAndTreatsBlankAsEmpty() {
        assertThat(ToolArguments.toJsonText("")).isEmpty();
        assertThat(ToolArguments.toJsonText("{\"a\": 1}")).isEqualTo("{\"a\": 1}");
        assertThat(ToolArguments.toJsonText("{\"path\":\"src/ma")).isEqualTo("{\"path\":\"src/ma\"}");
        assertThat(ToolArguments.toJsonText("{\"a\":[1,2,")).isEqualTo("{\"a\":[1,2]}");
        assertThat(ToolArguments.toJsonText("not json")).isEmpty();
        assertThat(ToolArguments.toObject("{\"a\":{\"b\":1}").toString()).isEqualTo("{\"a\":{\"b\":1}}");
        assertThat(ToolArguments.toObject("{\"a\":1}{\"b\":2}").toString()).isEqualTo("{}");
    }
}
