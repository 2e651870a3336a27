package dev.modelrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.RouterConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ImagePlaceholdersTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String IMAGE =
            "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\"," + "\"data\":\"%s\"}}";

    private static RouterConfig config(String extra) throws Exception {
        return ConfigLoader.parse("""
                {%s
                 "Providers": [{"name": "p", "api_base_url": "https://x.example/v1/chat/completions", "api_key": "k",
                                "models": ["text", "eyes"]}],
                 "Router": {"default": "p,text", "image": "p,eyes"}}
                """.formatted(extra), Path.of("config.json"), Map.of());
    }

    private static JsonNode body(String messages) {
        return JSON.readTree("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"system\":\"Be brief.\","
                + "\"tools\":[{\"name\":\"Read\",\"input_schema\":{\"type\":\"object\"}}],\"messages\":" + messages
                + "}");
    }

    @Test
    void numbersImagesInMessageOrderIncludingThoseInToolResults() throws Exception {
        ImagePlaceholders.Turn turn = ImagePlaceholders.prepare(
                config(""),
                body("[{\"role\":\"user\",\"content\":[" + IMAGE.formatted("AAA")
                        + ",{\"type\":\"text\",\"text\":\"[Image #1] fix it\"}]},"
                        + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"Read\","
                        + "\"input\":{}}]},"
                        + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":["
                        + "{\"type\":\"text\",\"text\":\"shot.png\"}," + IMAGE.formatted("BBB") + "]}]}]"));

        assertThat(turn).isNull(); // the last message has an image and the agent is not forced
        turn = ImagePlaceholders.prepare(
                config("\"forceUseImageAgent\": true,"),
                body("[{\"role\":\"user\",\"content\":[" + IMAGE.formatted("AAA")
                        + ",{\"type\":\"text\",\"text\":\"[Image #1] fix it\"}]},"
                        + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"Read\","
                        + "\"input\":{}}]},"
                        + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":["
                        + "{\"type\":\"text\",\"text\":\"shot.png\"}," + IMAGE.formatted("BBB") + "]}]}]"));

        assertThat(turn).isNotNull();
        assertThat(turn.imageModel()).isEqualTo("p,eyes");
        assertThat(turn.images()).containsOnlyKeys("1", "2");
        assertThat(turn.images().get("2").path("data").asString()).isEqualTo("BBB");
        JsonNode body = turn.body();
        assertThat(body.toString()).doesNotContain("AAA").doesNotContain("BBB");
        assertThat(body.at("/messages/0/content/0/text").asString()).startsWith("[Image #1] <<IMAGE PLACEHOLDER");
        assertThat(body.at("/messages/0/content/1/text").asString()).isEqualTo(" fix it");
        assertThat(body.at("/messages/2/content/0/content/0/text").asString()).isEqualTo("shot.png");
        assertThat(body.at("/messages/2/content/0/content/1/text").asString()).startsWith("[Image #2]");
        assertThat(body.at("/system/0/text").asString()).isEqualTo("Be brief.");
        assertThat(body.at("/system/1/text").asString()).contains("analyzeImage");
        assertThat(body.at("/tools/0/name").asString()).isEqualTo("analyzeImage");
        assertThat(body.at("/tools/1/name").asString()).isEqualTo("Read");
        assertThat(body.at("/tool_choice/name").asString()).isEqualTo("analyzeImage");
    }

    @Test
    void staysOutWithoutAnImageModelOrImagesOrForTheImageModelItself() throws Exception {
        String earlier = "[{\"role\":\"user\",\"content\":[" + IMAGE.formatted("AAA") + "]},"
                + "{\"role\":\"assistant\",\"content\":\"ok\"},{\"role\":\"user\",\"content\":\"and now?\"}]";
        RouterConfig noImage = ConfigLoader.parse("""
                {"Providers": [{"name": "p", "api_base_url": "https://x.example/v1/chat/completions", "api_key": "k",
                                "models": ["text"]}],
                 "Router": {"default": "p,text"}}
                """, Path.of("config.json"), Map.of());

        assertThat(ImagePlaceholders.prepare(noImage, body(earlier))).isNull();
        assertThat(ImagePlaceholders.prepare(config(""), body("[{\"role\":\"user\",\"content\":\"hi\"}]")))
                .isNull();
        JsonNode forImageModel = body(earlier);
        ((tools.jackson.databind.node.ObjectNode) forImageModel).put("model", "p,eyes");
        assertThat(ImagePlaceholders.prepare(config(""), forImageModel)).isNull();

        ImagePlaceholders.Turn turn = ImagePlaceholders.prepare(config(""), body(earlier));
        assertThat(turn).isNotNull();
        assertThat(turn.body().has("tool_choice"))
                .as("an earlier image is offered, not forced")
                .isFalse();
    }
}
