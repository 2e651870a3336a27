package dev.modelrouter.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.LearnedLimits;
import dev.modelrouter.config.ModelLimits;
import dev.modelrouter.config.ModelWindows;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.RouterHome;
import dev.modelrouter.config.Target;
import dev.modelrouter.testing.ScriptedUpstream;
import dev.modelrouter.testing.ScriptedUpstream.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ModelListingTest {

    final ScriptedUpstream upstream = new ScriptedUpstream();

    @TempDir
    Path home;

    @AfterEach
    void stop() {
        upstream.close();
    }

    private RouterConfig config() throws Exception {
        return ConfigLoader.parse("""
                {"Providers": [
                   {"name": "or", "api_base_url": "%1$s/api/v1/chat/completions", "api_key": "sk-or",
                    "models": ["vendor/big-model", "vendor/other"], "transformer": {"use": ["openrouter"]}},
                   {"name": "gem", "api_base_url": "%1$s/v1beta/", "api_key": "g-key", "protocol": "gemini",
                    "models": ["gemini-x"]},
                   {"name": "plain", "api_base_url": "%1$s/v1/chat/completions", "api_key": "k", "models": ["m"]}],
                 "Router": {"default": "or,vendor/big-model"}}
                """.formatted(upstream.url()), Path.of("config.json"), Map.of());
    }

    private static Reply listing(ScriptedUpstream.Received r) {
        if (r.uri().equals("/api/v1/models")) {
            return Reply.json(200, """
                    {"data": [{"id": "vendor/big-model", "context_length": 123456,
                               "top_provider": {"max_completion_tokens": 7777}},
                              {"id": "vendor/no-numbers"}]}
                    """);
        }
        if (r.uri().startsWith("/v1beta/models")) {
            return Reply.json(200, """
                    {"models": [{"name": "models/gemini-x", "inputTokenLimit": 32768, "outputTokenLimit": 4096}]}
                    """);
        }
        return Reply.json(404, "{}");
    }

    @Test
    void learnsWindowsFromOpenRouterAndGeminiModelListingsAndKeepsThemInTheHome() throws Exception {
        upstream.otherwise(ModelListingTest::listing);
        RouterConfig config = config();
        ModelWindows windows = ModelWindows.of(new RouterHome(home));

        new ModelListing(Duration.ofSeconds(10))
                .learn(config, windows.learned())
                .get(60, TimeUnit.SECONDS);

        assertThat(windows.of(config, new Target("or", "vendor/big-model")))
                .isEqualTo(new ModelLimits(123456, 7777, ModelLimits.Source.PROVIDER));
        assertThat(windows.of(config, new Target("gem", "gemini-x")))
                .isEqualTo(new ModelLimits(32768, 4096, ModelLimits.Source.PROVIDER));
        assertThat(ModelWindows.of(new RouterHome(home))
                        .of(config, new Target("or", "vendor/big-model"))
                        .context())
                .as("kept for the next start and the client commands")
                .isEqualTo(123456);
        assertThat(upstream.received())
                .extracting(ScriptedUpstream.Received::uri)
                .as("only providers whose models endpoint reports windows are asked")
                .containsExactlyInAnyOrder("/api/v1/models", "/v1beta/models?pageSize=1000");
        assertThat(upstream.received())
                .anySatisfy(r -> assertThat(r.headers()).containsEntry("authorization", "Bearer sk-or"))
                .anySatisfy(r -> assertThat(r.headers()).containsEntry("x-goog-api-key", "g-key"));
    }

    @Test
    void aProviderThatNeverAnswersBlocksNothingAndTeachesNothing() throws Exception {
        upstream.otherwise(r -> Reply.unanswered());
        RouterConfig config = config();
        LearnedLimits learned = LearnedLimits.of(new RouterHome(home));
        Logger logger = (Logger) LoggerFactory.getLogger(ModelListing.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            CompletableFuture<Void> learning = new ModelListing(Duration.ofMillis(500)).learn(config, learned);

            assertThat(learning).as("learn() returns at once").isNotDone();
            learning.get(60, TimeUnit.SECONDS);
        } finally {
            logger.detachAppender(log);
        }
        assertThat(learned.get("or", "vendor/big-model")).isEqualTo(ModelLimits.UNKNOWN);
        assertThat(log.list)
                .filteredOn(e -> e.getFormattedMessage().contains("did not answer"))
                .isNotEmpty()
                .allSatisfy(e -> {
                    assertThat(e.getThrowableProxy())
                            .as("one line, no stack trace")
                            .isNull();
                    assertThat(e.getFormattedMessage()).doesNotContain("{}");
                });
    }

    @Test
    void anErrorAnswerTeachesNothing() throws Exception {
        upstream.otherwise(r -> Reply.json(401, "{\"error\": \"bad key\"}"));
        RouterConfig config = config();
        LearnedLimits learned = LearnedLimits.of(new RouterHome(home));

        new ModelListing(Duration.ofSeconds(10)).learn(config, learned).get(60, TimeUnit.SECONDS);

        assertThat(learned.get("or", "vendor/big-model")).isEqualTo(ModelLimits.UNKNOWN);
    }
}
