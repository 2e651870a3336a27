package dev.modelrouter.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

class MessageTest {

    private static final JsonNode MEDIUM = JsonNodeFactory.instance.objectNode().put("effort", "medium");

    @Test
    void keepsBareTextOnlyForOneTextBlockWithoutCacheBreakpoint() {
        assertThat(new Message(Role.USER, List.of(Content.Text.of("hi")), true, Map.of()).bareText())
                .isTrue();
        assertThat(new Message(Role.USER, List.of(new Content.Text("hi", CacheControl.EPHEMERAL)), true, Map.of())
                        .bareText())
                .isFalse();
        assertThat(new Message(Role.USER, List.of(Content.Text.of("a"), Content.Text.of("b")), true, Map.of())
                        .bareText())
                .isFalse();
        assertThat(new Message(Role.USER, List.of(new Content.ToolReference("X")), true, Map.of()).bareText())
                .isFalse();
    }

    @Test
    void keepsExtensionsWhenTheContentChanges() {
        Message message =
                new Message(Role.SYSTEM, List.of(Content.Text.of("env")), true, Map.of("output_config", MEDIUM));

        Message changed = message.withContent(List.of(Content.Text.of("env"), Content.Text.of("more")));

        assertThat(changed.extensions()).containsEntry("output_config", MEDIUM);
        assertThat(changed.bareText()).isFalse();
        assertThat(message.withContent(List.of(Content.Text.of("other"))).bareText())
                .isTrue();
    }

    @Test
    void plainConstructorsAddNothing() {
        assertThat(Message.of(Role.USER, "hi"))
                .isEqualTo(new Message(Role.USER, List.of(Content.Text.of("hi")), false, Map.of()));
        assertThat(new Tool.Function("f", null, MEDIUM, null).extras()).isEmpty();
    }
}
