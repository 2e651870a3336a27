package dev.modelrouter.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.Tokenizers;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * {@code {"type": "huggingface", "model": "<Hub model>"}} against a fake Hub on loopback: the file it serves
 * counts as the same file given by path, a refusal leaves the default tokenizer with the model and status
 * said, and the cached file serves later starts with no Hub at all.
 */
@ExtendWith(OutputCaptureExtension.class)
class HubTokenizersTest {

    static final String MODEL = "Qwen/Qwen2.5-Coder-32B-Instruct";
    static final String PATH = "/" + MODEL + "/resolve/main/tokenizer.json";

    @TempDir
    Path tmp;

    private RouterConfig config(String tokenizer) throws Exception {
        Path file = tmp.resolve("config.json");
        Files.writeString(file, """
                {Providers: [{name: "qwen", api_base_url: "http://127.0.0.1:9/v1/chat/completions", api_key: "k",
                  models: ["coder"], tokenizer: %s}],
                 Router: {default: "qwen,coder"}}
                """.formatted(tokenizer));
        return ConfigLoader.load(file, Map.of());
    }

    private static ChatRequest text(String text) {
        return ChatRequest.builder()
                .model("qwen,coder")
                .messages(List.of(Message.of(Role.USER, text)))
                .build();
    }

    private static void awaitCount(TokenCounter counter, ChatRequest request, int expected) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> counter.count(request) == expected);
    }

    @Test
    void aTokenizerFetchedByHubNameCountsAsTheSameFileGivenByPathAndIsCachedForLaterStarts(CapturedOutput log)
            throws Exception {
        ChatRequest request = text("the ".repeat(50).strip());
        RouterConfig local = config("{type: 'huggingface', path: '" + ProviderTokenizerTest.TINY + "'}");
        int byPath = new TokenCounter(() -> local).count(request);
        assertThat(byPath).as("the tiny vocabulary splits ' the' in three").isEqualTo(2 + 49 * 3);
        RouterConfig config = config("{type: 'huggingface', model: '" + MODEL + "'}");
        Path cache = tmp.resolve("cache");
        ScriptedUpstream hub = new ScriptedUpstream();
        try {
            hub.enqueue(Reply.json(200, Files.readString(ProviderTokenizerTest.TINY)));
            HubTokenizers tokenizers = new HubTokenizers(hub.url(), "hf_secret", cache, Duration.ofSeconds(10));

            awaitCount(new TokenCounter(() -> config, tokenizers), request, byPath);

            assertThat(hub.received()).singleElement().satisfies(r -> {
                assertThat(r.uri()).isEqualTo(PATH);
                assertThat(r.headers()).containsEntry("authorization", "Bearer hf_secret");
            });
            assertThat(Tokenizers.cacheFile(cache, MODEL))
                    .isEqualTo(cache.resolve("Qwen--Qwen2.5-Coder-32B-Instruct/tokenizer.json"))
                    .hasSameTextualContentAs(ProviderTokenizerTest.TINY);
            assertThat(Files.list(Tokenizers.cacheFile(cache, MODEL).getParent()))
                    .as("no part file left")
                    .hasSize(1);
        } finally {
            hub.close();
        }

        HubTokenizers restarted = new HubTokenizers(hub.url(), null, cache, Duration.ofSeconds(10));
        awaitCount(new TokenCounter(() -> config, restarted), request, byPath);
        assertThat(log.getAll()).doesNotContain("hf_secret");
    }

    @Test
    void aModelTheHubDoesNotHaveCountsWithTheDefaultTokenizerAndSaysWhy(CapturedOutput log) throws Exception {
        RouterConfig config = config("{type: 'huggingface', model: 'nobody/no-such-model'}");
        ChatRequest request = text("the ".repeat(50).strip());
        ScriptedUpstream hub = new ScriptedUpstream();
        try {
            hub.enqueue(Reply.json(404, "{\"error\":\"Repository not found\"}"));
            HubTokenizers tokenizers = new HubTokenizers(hub.url(), null, tmp.resolve("cache"), Duration.ofSeconds(10));
            TokenCounter counter = new TokenCounter(() -> config, tokenizers);

            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        counter.count(request);
                        return log.getAll().contains("404");
                    });

            assertThat(counter.count(request)).isEqualTo(new TokenCounter().count(request));
            assertThat(log.getAll())
                    .contains("tokenizer nobody/no-such-model: the Hub answered 404 for " + hub.url()
                            + "/nobody/no-such-model/resolve/main/tokenizer.json (no such model")
                    .contains("counting with cl100k_base instead");
            assertThat(tmp.resolve("cache/nobody--no-such-model/tokenizer.json"))
                    .doesNotExist();
        } finally {
            hub.close();
        }
    }
}
