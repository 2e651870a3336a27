package dev.modelrouter.protocol.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.Thinking;
import dev.modelrouter.model.Tool;
import dev.modelrouter.model.ToolChoice;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeminiRequestReaderTest {

    private final GeminiProtocol protocol = new GeminiProtocol();

    @Test
    void readsAGeminiCliStyleRequest() {
        ChatRequest request = protocol.readRequest(Golden.readJson("gemini-cli.client.json"));

        assertThat(request.model()).isEmpty();
        assertThat(request.system())
                .extracting(Content.Text::text)
                .containsExactly("You are an interactive CLI agent.");
        assertThat(request.messages())
                .extracting(m -> m.role())
                .containsExactly(Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT);
        List<Content> model = request.messages().get(1).content();
        assertThat(model).hasSize(5);
        assertThat(model.get(0)).isEqualTo(new Content.Thinking("Plan: read both.", null));
        assertThat(model.get(1)).isEqualTo(Content.Text.of("Reading."));
        assertThat(model.get(2)).isEqualTo(new Content.Thinking("", ThoughtSignatures.PREFIX + "U2lnLTE="));
        Content.ToolUse first = (Content.ToolUse) model.get(3);
        Content.ToolUse second = (Content.ToolUse) model.get(4);
        assertThat(first.id()).isEqualTo("call-1");
        assertThat(second.id()).startsWith("toolu_");
        List<Content> results = request.messages().get(2).content();
        assertThat(results)
                .containsExactly(
                        new Content.ToolResult(second.id(), List.of(Content.Text.of("B")), false, null),
                        new Content.ToolResult("call-1", List.of(Content.Text.of("no such file")), true, null),
                        Content.Text.of("and now?"),
                        new Content.Image("image/png", new Content.Source.Base64("iVBORw0KGgo="), null));
        assertThat(request.tools()).hasSize(3);
        assertThat(((Tool.Function) request.tools().get(1)).inputSchema().toString())
                .isEqualTo("{\"type\":\"object\",\"properties\":{\"q\":{\"type\":[\"string\",\"null\"]}}}");
        assertThat(request.tools().get(2)).isInstanceOf(Tool.Server.class);
        assertThat(request.toolChoice()).isEqualTo(new ToolChoice.Named("read_file", false));
        assertThat(request.sampling().maxTokens()).isEqualTo(65536);
        assertThat(request.sampling().topK()).isEqualTo(64);
        assertThat(request.sampling().stop()).containsExactly("END");
        assertThat(request.thinking()).isEqualTo(new Thinking.Adaptive(null));
        assertThat(request.effort()).isEqualTo("high");
        assertThat(request.extensions()).containsKeys("gemini.safetySettings", "gemini.generationConfig");
        assertThat(request.extensions().get("gemini.generationConfig").toString())
                .isEqualTo("{\"seed\":3}");
    }

    @Test
    void keepsClientFieldsWhenForwardedToGemini() {
        ChatRequest request = protocol.readRequest(Golden.readJson("gemini-cli.client.json"));

        Golden.assertJson("gemini-cli.upstream.json", protocol.writeRequest(request.withModel("gemini-2.5-pro")));
    }

    @Test
    void acceptsSnakeCaseFields() {
        ChatRequest request = protocol.readRequest(Json.parse("{\"system_instruction\":{\"parts\":[{\"text\":\"s\"}]},"
                + "\"contents\":[{\"role\":\"user\",\"parts\":[{\"inline_data\":{\"mime_type\":\"application/pdf\",\"data\":\"JVBE\"}}]}],"
                + "\"generation_config\":{\"max_output_tokens\":5,\"thinking_config\":{\"thinking_budget\":0}}}"));

        assertThat(request.system()).containsExactly(Content.Text.of("s"));
        assertThat(request.messages().get(0).content())
                .containsExactly(
                        new Content.Document("application/pdf", new Content.Source.Base64("JVBE"), null, null, null));
        assertThat(request.sampling().maxTokens()).isEqualTo(5);
        assertThat(request.thinking()).isEqualTo(new Thinking.Disabled());
        assertThat(request.extensions()).isEmpty();
    }

    @Test
    void rejectsMalformedBodiesNamingTheField() {
        assertThatThrownBy(() -> protocol.readRequest(Json.parse("{}")))
                .isInstanceOfSatisfying(RouterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(e.getMessage()).isEqualTo("contents: required");
                });
        assertThatThrownBy(() -> protocol.readRequest(Json.parse("{\"contents\":[{\"role\":\"tool\",\"parts\":[]}]}")))
                .hasMessage("contents.0.role: must be \"user\" or \"model\"");
        assertThatThrownBy(() -> protocol.readRequest(
                        Json.parse("{\"contents\":[],\"generationConfig\":{\"maxOutputTokens\":\"many\"}}")))
                .hasMessage("generationConfig.maxOutputTokens: must be an integer");
    }
}
