package dev.modelrouter.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.config.ConfigException;
import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Providers[].tokenizer}: which tokenizer counts a request, and what that does to routing. */
class ProviderTokenizerTest {

    static final Path TINY = Path.of("src/test/resources/fixtures/tokenizer/tiny-bpe.tokenizer.json")
            .toAbsolutePath();

    static final String CONFIG = """
            {
              Providers: [
                {name: "local", api_base_url: "http://127.0.0.1:9/v1/chat/completions", api_key: "k",
                 models: ["small", "big"], tokenizer: %s},
                {name: "plain", api_base_url: "http://127.0.0.1:9/v1/chat/completions", api_key: "k", models: ["m"]}
              ],
              Router: {default: "local,small", longContext: "plain,m", longContextThreshold: 500}
            }
            """;

    @TempDir
    Path tmp;

    private RouterConfig config(String tokenizer) throws IOException, ConfigException {
        Path file = tmp.resolve("config.json");
        Files.writeString(file, CONFIG.formatted(tokenizer));
        return ConfigLoader.load(file, Map.of());
    }

    private static ChatRequest text(String model, String text) {
        return ChatRequest.builder()
                .model(model)
                .messages(List.of(Message.of(Role.USER, text)))
                .build();
    }

    @Test
    void byteLevelBpeAppliesMergesByRankOverRegexPiecesAndUtf8Bytes() throws IOException {
        HfTokenizer bpe = HfTokenizer.read(TINY);

        assertThat(bpe.count("hello")).isEqualTo(1);
        assertThat(bpe.count("hello hello")).as("hello, Ġhello").isEqualTo(2);
        assertThat(bpe.count("hellohello"))
                .as("one \\p{L}+ piece, merged twice")
                .isEqualTo(2);
        assertThat(bpe.count("lll")).as("leftmost pair first: ll, l").isEqualTo(2);
        assertThat(bpe.count("elll"))
                .as("lowest rank first: e, ll, l (never el, ll)")
                .isEqualTo(3);
        assertThat(bpe.count("é")).as("two UTF-8 bytes, merged").isEqualTo(1);
        assertThat(bpe.count("1234"))
                .as("split by the digit regex into 123, 4, then bytes")
                .isEqualTo(4);
        assertThat(bpe.count("zzzz")).as("no merges: one per byte").isEqualTo(4);
    }

    @Test
    void huggingFaceTokenizerOfTheDefaultProviderDecidesTheLongContextThreshold() throws Exception {
        RouterConfig config = config("{type: 'huggingface', path: '" + TINY + "'}");
        TokenCounter counter = new TokenCounter(() -> config);
        // 1200 bytes: within the factor of two of the threshold where routing counts rather than estimates
        ChatRequest request = text("claude-sonnet-4", "the ".repeat(300).strip());

        // cl100k has " the" as one token; the tiny vocabulary splits it into Ġ, t, he
        assertThat(new TokenCounter().count(request)).isLessThan(500);
        assertThat(counter.count(request)).isEqualTo(2 + 299 * 3);
        RoutePlan plan = new ScenarioRouter().route(TraitsOf.of(request, counter), config);
        assertThat(plan.primary().scenario()).isEqualTo(Scenario.LONG_CONTEXT);
        RoutePlan planned = new ScenarioRouter().route(TraitsOf.of(request, new TokenCounter()), config);
        assertThat(planned.primary().scenario()).isEqualTo(Scenario.DEFAULT);
    }

    @Test
    void perModelTiktokenEncodingAndTheExplicitTargetChooseTheTokenizer() throws Exception {
        AtomicReference<RouterConfig> live = new AtomicReference<>(config("{default: {type: 'huggingface', path: '"
                + TINY + "'}, models: {big: {type: 'tiktoken', encoding: 'o200k_base'}}}"));
        TokenCounter counter = new TokenCounter(live::get);
        String text = "z".repeat(40);

        assertThat(counter.count(text("local,small", text))).isEqualTo(40);
        assertThat(counter.count(text("local,big", text)))
                .isEqualTo(com.knuddels.jtokkit.Encodings.newDefaultEncodingRegistry()
                        .getEncoding(com.knuddels.jtokkit.api.EncodingType.O200K_BASE)
                        .countTokensOrdinary(text));
        assertThat(counter.count(text("plain,m", text)))
                .as("no tokenizer: cl100k")
                .isEqualTo(new TokenCounter().count(text));

        live.set(config("{type: 'api'}"));
        assertThat(counter.count(text("local,small", text)))
                .as("api: routing estimates with cl100k")
                .isEqualTo(new TokenCounter().count(text));
    }

    @Test
    void wrongTokenizersStopTheConfigWithTheReason() {
        assertThatThrownBy(() -> config("{type: 'tiktoken', encoding: 'gpt5_base'}"))
                .hasMessageContaining("$.Providers[0].tokenizer.encoding: unknown tiktoken encoding 'gpt5_base'");
        assertThatThrownBy(() -> config("{type: 'huggingface', path: 'no-such-tokenizer.json'}"))
                .hasMessageContaining("$.Providers[0].tokenizer: a huggingface tokenizer needs \"path\"")
                .hasMessageContaining("no-such-tokenizer.json");
        assertThatThrownBy(() -> config("{models: {small: {type: 'sentencepiece'}}}"))
                .hasMessageContaining(
                        "$.Providers[0].tokenizer.models.small.type: expected \"tiktoken\", \"huggingface\" or \"api\"");
    }
}
