package dev.modelrouter.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.protocol.ToolCallIds;
import dev.modelrouter.protocol.ToolNames;
import org.junit.jupiter.api.Test;

class ToolMappingTest {

    @Test
    void sanitizesForeignIdsDeterministicallyAndIdempotently() {
        String id = ToolCallIds.sanitize("functions.Bash:0");

        assertThat(id)
                .matches("[a-zA-Z0-9_-]+")
                .startsWith("functions_Bash_0_")
                .isEqualTo(ToolCallIds.sanitize("functions.Bash:0"));
        assertThat(ToolCallIds.sanitize(id)).isEqualTo(id);
        assertThat(ToolCallIds.sanitize("functions.Bash_0")).isNotEqualTo(ToolCallIds.sanitize("functions:Bash_0"));
        assertThat(ToolCallIds.sanitize("toolu_01A-b")).isEqualTo("toolu_01A-b");
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
