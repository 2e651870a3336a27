package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.LocalRouter;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * ccr's image agent ({@code Router.image}, {@code forceUseImageAgent}): a text-only default model works
 * with a screenshot. The image goes out as a placeholder with an {@code analyzeImage} tool; the router
 * answers the model's call by asking the image model, continues the turn, and the client gets one valid
 * answer without the agent's call. Without {@code forceUseImageAgent}, an image in the last message sends
 * the turn to the image model, as in ccr.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ImageAgentIT {

    /** The text-only default model, an Anthropic-protocol provider. */
    static final ScriptedUpstream TEXT = new ScriptedUpstream();
    /** The image model, an OpenAI-compatible provider. */
    static final ScriptedUpstream VISION = new ScriptedUpstream();

    static final Path HOME = LocalRouter.newHome();
    static final Path CONFIG = RouterConfigs.write(config(true));
    static final JsonMapper JSON = JsonMapper.builder().build();

    static final String PNG =
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    static final String SCREENSHOT =
            "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"" + PNG
                    + "\"}}";

    @LocalServerPort
    int port;

    WebTestClient client;

    static String config(boolean force) {
        return """
                {
                  "forceUseImageAgent": %3$s,
                  "Providers": [
                    {"name": "text", "api_base_url": "%1$s/v1/messages", "api_key": "sk-text", "models": ["t1"]},
                    {"name": "vision", "api_base_url": "%2$s/v1/chat/completions", "api_key": "sk-vision",
                     "models": ["v1"]}
                  ],
                  "Router": {"default": "text,t1", "image": "vision,v1"}
                }
                """.formatted(TEXT.url(), VISION.url(), force);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add(RouterConfiguration.CONFIG_PROPERTY, CONFIG::toString);
        registry.add(RouterConfiguration.HOME_PROPERTY, HOME::toString);
    }

    @AfterAll
    static void stop() {
        TEXT.close();
        VISION.close();
    }

    @BeforeEach
    void connect() throws IOException {
        client = LocalRouter.client(port);
        TEXT.clearScript();
        VISION.clearScript();
        use(true);
    }

    private void use(boolean force) throws IOException {
        Files.writeString(CONFIG, config(force));
        LocalRouter.adminClient(port, HOME)
                .post()
                .uri("/api/reload")
                .exchange()
                .expectStatus()
                .isOk();
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    /** An Anthropic stream: some text, then an analyzeImage call or nothing. */
    private static List<String> streamed(String text, String toolInput) {
        List<String> events = new ArrayList<>();
        events.add(
                event(
                        "message_start",
                        "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_x\",\"type\":\"message\",\"role\":\"assistant\","
                                + "\"model\":\"t1\",\"content\":[],\"stop_reason\":null,\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}"));
        events.add(event(
                "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        events.add(event(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text
                        + "\"}}"));
        events.add(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
        String stop = "end_turn";
        if (toolInput != null) {
            stop = "tool_use";
            events.add(event(
                    "content_block_start",
                    "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\","
                            + "\"id\":\"toolu_img\",\"name\":\"analyzeImage\",\"input\":{}}}"));
            events.add(event(
                    "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
                            + "\"partial_json\":" + JSON.writeValueAsString(toolInput) + "}}"));
            events.add(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"));
        }
        events.add(event(
                "message_delta",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stop
                        + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":7}}"));
        events.add(event("message_stop", "{\"type\":\"message_stop\"}"));
        return events;
    }

    private static Reply visionSays(String text) {
        return Reply.json(
                200,
                "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"v1\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"" + text
                        + "\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":50,\"completion_tokens\":9}}");
    }

    private String post(String body) {
        return client.post()
                .uri("/v1/messages")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    private static JsonNode sent(ScriptedUpstream upstream, int fromEnd) {
        List<ScriptedUpstream.Received> all = upstream.received();
        return JSON.readTree(all.get(all.size() - 1 - fromEnd).bodyText());
    }

    @Test
    void aForcedAgentAnswersTheModelsImageCallAndStreamsOneAnswer() {
        TEXT.enqueue(
                Reply.sse(streamed("Let me look.", "{\"imageId\":[\"1\"],\"task\":\"read the error dialog\"}")),
                Reply.sse(streamed("Your disk is full.", null)));
        VISION.enqueue(visionSays("The dialog says: No space left on device"));
        int visionBefore = VISION.received().size();

        String events = post("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,\"stream\":true,"
                + "\"metadata\":{\"user_id\":\"user_abc_account__session_s1\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":[" + SCREENSHOT
                + ",{\"type\":\"text\",\"text\":\"[Image #1] what does this error mean?\"}]}]}");

        JsonNode first = sent(TEXT, 1);
        assertThat(first.toString()).doesNotContain(PNG).contains("[Image #1] <<IMAGE PLACEHOLDER");
        assertThat(first.path("tools").path(0).path("name").asString()).isEqualTo("analyzeImage");
        assertThat(first.path("tool_choice").path("name").asString()).isEqualTo("analyzeImage");
        assertThat(first.path("messages")
                        .path(0)
                        .path("content")
                        .path(1)
                        .path("text")
                        .asString())
                .isEqualTo(" what does this error mean?");

        JsonNode asked = JSON.readTree(VISION.received().get(visionBefore).bodyText());
        assertThat(asked.path("model").asString()).isEqualTo("v1");
        assertThat(asked.toString()).contains("data:image/png;base64," + PNG).contains("read the error dialog");

        JsonNode second = sent(TEXT, 0);
        assertThat(second.has("tool_choice"))
                .as("the forced choice is not repeated")
                .isFalse();
        JsonNode messages = second.path("messages");
        assertThat(messages.path(1).path("role").asString()).isEqualTo("assistant");
        assertThat(messages.path(1).path("content").path(1).path("name").asString())
                .isEqualTo("analyzeImage");
        assertThat(messages.path(2).path("content").path(0).path("tool_use_id").asString())
                .isEqualTo("toolu_img");
        assertThat(messages.path(2).path("content").path(0).path("content").toString())
                .contains("No space left on device");

        assertThat(events).doesNotContain("analyzeImage").doesNotContain("toolu_img");
        assertThat(count(events, "event: message_start")).isEqualTo(1);
        assertThat(count(events, "event: message_stop")).isEqualTo(1);
        assertThat(blockStarts(events)).containsExactly(0, 1);
        assertThat(events)
                .contains("\"text\":\"Let me look.\"")
                .contains("\"text\":\"Your disk is full.\"")
                .contains("\"stop_reason\":\"end_turn\"")
                .contains("\"output_tokens\":14");
    }

    @Test
    void anEarlierScreenshotGoesThroughTheAgentForANonStreamedTurn() throws IOException {
        use(false);
        TEXT.enqueue(
                Reply.json(
                        200,
                        "{\"id\":\"m1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"t1\",\"content\":["
                                + "{\"type\":\"tool_use\",\"id\":\"toolu_a\",\"name\":\"analyzeImage\","
                                + "\"input\":{\"imageId\":[\"1\"],\"task\":\"which colour is the button\"}}],"
                                + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":20,\"output_tokens\":5}}"),
                Reply.hi());
        VISION.enqueue(visionSays("The button is green."));

        String answer = post("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,\"messages\":["
                + "{\"role\":\"user\",\"content\":[" + SCREENSHOT + ",{\"type\":\"text\",\"text\":\"see this\"}]},"
                + "{\"role\":\"assistant\",\"content\":\"I see a page.\"},"
                + "{\"role\":\"user\",\"content\":\"which colour is the button?\"}]}");

        JsonNode first = sent(TEXT, 1);
        assertThat(first.toString()).doesNotContain(PNG);
        assertThat(first.has("tool_choice"))
                .as("no new image, so the call is not forced")
                .isFalse();
        assertThat(sent(TEXT, 0).path("messages").path(4).toString()).contains("The button is green.");
        JsonNode client = JSON.readTree(answer);
        assertThat(client.path("content")).hasSize(1);
        assertThat(client.path("content").path(0).path("text").asString()).isEqualTo("Hi!");
        assertThat(client.path("stop_reason").asString()).isEqualTo("end_turn");
    }

    @Test
    void withoutForceAScreenshotInTheLastMessageGoesToTheImageModel() throws IOException {
        use(false);
        VISION.enqueue(visionSays("A cat."));
        int textBefore = TEXT.received().size();

        String answer = post("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,\"messages\":["
                + "{\"role\":\"user\",\"content\":[" + SCREENSHOT
                + ",{\"type\":\"text\",\"text\":\"what is it?\"}]}]}");

        assertThat(answer).contains("A cat.");
        assertThat(TEXT.received()).hasSize(textBefore);
        assertThat(VISION.last().bodyText()).contains(PNG).doesNotContain("analyzeImage");
    }

    @Test
    void aRequestForTheImageModelItselfSkipsTheAgent() {
        VISION.enqueue(visionSays("Two dogs."));

        String answer =
                post("{\"model\":\"vision,v1\",\"max_tokens\":1024,\"messages\":[" + "{\"role\":\"user\",\"content\":["
                        + SCREENSHOT + ",{\"type\":\"text\",\"text\":\"what is it?\"}]}]}");

        assertThat(answer).contains("Two dogs.");
        assertThat(VISION.last().bodyText()).contains(PNG).doesNotContain("analyzeImage");
    }

    private static int count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }

    private static List<Integer> blockStarts(String events) {
        Matcher m = Pattern.compile("\"type\":\"content_block_start\",\"index\":(\\d+)")
                .matcher(events);
        List<Integer> out = new ArrayList<>();
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }
}
