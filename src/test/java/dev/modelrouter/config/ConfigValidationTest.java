package dev.modelrouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigValidationTest {

    /** Two providers; {@code %s} is replaced by extra top-level members. */
    private static final String BASE = """
            {
              "Providers": [
                {"name": "deepseek", "api_base_url": "https://api.deepseek.com/chat/completions",
                 "api_key": "sk-ds", "models": ["deepseek-chat", "deepseek-reasoner"]},
                {"name": "openrouter", "api_base_url": "https://openrouter.ai/api/v1/chat/completions",
                 "api_key": "sk-or", "models": ["google/gemini-2.5-pro"]}
              ],
              %s
            }
            """;

    private static RouterConfig load(String members) throws ConfigException {
        return ConfigLoader.parse(BASE.formatted(members), Path.of("config.json"), Map.of());
    }

    private static List<ConfigProblem> problems(String json) {
        try {
            ConfigLoader.parse(json, Path.of("config.json"), Map.of());
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected the config to be rejected");
    }

    private static List<ConfigProblem> problemsWith(String members) {
        return problems(BASE.formatted(members));
    }

    @Test
    void rejectsUnknownProviderInRouterListingKnownOnes() {
        String members =
                "\"Router\": {\"default\": \"deepseek,deepseek-chat\", \"think\": \"deepseak,deepseek-reasoner\"}";

        assertThatThrownBy(() -> load(members))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config.json: $.Router.think: provider 'deepseak' is not in Providers (known: deepseek,"
                        + " openrouter); fix the name or add the provider");
    }

    @Test
    void rejectsModelMissingFromProviderListingItsModels() {
        assertThat(problemsWith("\"Router\": {\"default\": \"DeepSeek,deepseek-v4\"}"))
                .containsExactly(new ConfigProblem(
                        "$.Router.default",
                        "model 'deepseek-v4' is not in provider"
                                + " 'deepseek' models (deepseek-chat, deepseek-reasoner); fix the name or add it to the"
                                + " provider's models"));
    }

    @Test
    void rejectsRouterEntryWithoutComma() {
        assertThat(problemsWith("\"Router\": {\"default\": \"deepseek\"}"))
                .extracting(ConfigProblem::path, ConfigProblem::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "$.Router.default",
                        "expected \"provider,model\", got \"deepseek\"; write it as e.g. \"deepseek,deepseek-chat\""));
    }

    @Test
    void checksEveryEntryOfAFallbackChainAndTheFallbackSection() {
        List<ConfigProblem> problems = problemsWith("""
                "Router": {"default": ["deepseek,deepseek-chat", "nope,x", 7]},
                "fallback": {"think": ["openrouter,missing"]}
                """);

        assertThat(problems)
                .extracting(ConfigProblem::path)
                .containsExactly("$.Router.default[1]", "$.Router.default[2]", "$.fallback.think[0]");
    }

    @Test
    void acceptsFallbackChainsAndCanonicalisesProviderCase() throws Exception {
        RouterConfig config = load(
                "\"Router\": {\"default\": [\" DEEPSEEK , deepseek-chat \", \"openrouter,google/gemini-2.5-pro\"]}");

        assertThat(config.router().targets(dev.modelrouter.model.Scenario.DEFAULT))
                .containsExactly(
                        new Target("deepseek", "deepseek-chat"), new Target("openrouter", "google/gemini-2.5-pro"));
    }

    @Test
    void reportsWrongTypesWithThePathAndTheValue() {
        List<ConfigProblem> problems = problemsWith("""
                "PORT": "abc", "LOG": "yes", "API_TIMEOUT_MS": -1, "LOG_LEVEL": "verbose", "HOST": 127,
                "MAX_BODY_BYTES": 1.5, "NON_INTERACTIVE_MODE": 1, "ANTHROPIC_SERVED_MODEL": "yes",
                "Router": {"default": "deepseek,deepseek-chat", "longContextThreshold": "many", "thinkMinEffort": "huge"}
                """);

        assertThat(problems)
                .contains(
                        new ConfigProblem("$.PORT", "expected an integer 1-65535, got \"abc\""),
                        new ConfigProblem("$.LOG", "expected true or false, got \"yes\""),
                        new ConfigProblem("$.API_TIMEOUT_MS", "expected an integer >= 1, got -1"),
                        new ConfigProblem(
                                "$.LOG_LEVEL",
                                "expected one of fatal, error, warn, info, debug, trace, got \"verbose\""),
                        new ConfigProblem("$.HOST", "expected a string, got 127"),
                        new ConfigProblem("$.MAX_BODY_BYTES", "expected an integer >= 1, got 1.5"),
                        new ConfigProblem("$.NON_INTERACTIVE_MODE", "expected true or false, got 1"),
                        new ConfigProblem("$.ANTHROPIC_SERVED_MODEL", "expected true or false, got \"yes\""),
                        new ConfigProblem("$.Router.longContextThreshold", "expected an integer >= 1, got \"many\""),
                        new ConfigProblem(
                                "$.Router.thinkMinEffort",
                                "expected one of low, medium, high, xhigh, max, got \"huge\""));
        assertThat(problems).hasSize(10);
    }

    @Test
    void acceptsPortOutOfRangeNeverAndNumbersAsStrings() throws Exception {
        assertThat(problemsWith("\"PORT\": 70000"))
                .containsExactly(new ConfigProblem("$.PORT", "expected an integer 1-65535, got 70000"));
        assertThat(load("\"PORT\": \"8080\", \"LOG\": \"false\"").port()).isEqualTo(8080);
    }

    @Test
    void acceptsEveryCcrLogLevelIgnoringCase() throws Exception {
        for (String level : RouterConfig.LOG_LEVELS) {
            assertThat(load("\"LOG_LEVEL\": \"" + level.toUpperCase(java.util.Locale.ROOT) + "\"")
                            .logLevel())
                    .isEqualTo(level);
        }
    }

    @Test
    void reportsProviderShapeProblems() {
        List<ConfigProblem> problems = problems("""
                {"Providers": [
                  {"api_base_url": "https://a.example/v1/chat/completions", "models": ["m"]},
                  {"name": "nourl", "models": ["m"]},
                  {"name": "badurl", "api_base_url": "api.example.com/v1", "models": ["m"]},
                  {"name": "ftp", "api_base_url": "ftp://files.example.com/x", "models": ["m"]},
                  {"name": "nomodels", "api_base_url": "https://a.example/v1/chat/completions"},
                  {"name": "NoURL", "api_base_url": "https://b.example/v1/chat/completions", "models": ["m"]},
                  {"name": "p", "api_base_url": "https://c.example/", "models": "m", "transformer": ["x"],
                   "protocol": "grpc", "auth": "basic"},
                  "just a string"
                ]}
                """);

        assertThat(problems)
                .extracting(ConfigProblem::path)
                .containsExactly(
                        "$.Providers[0].name",
                        "$.Providers[1].api_base_url",
                        "$.Providers[2].api_base_url",
                        "$.Providers[3].api_base_url",
                        "$.Providers[4].models",
                        "$.Providers[5].name",
                        "$.Providers[6].models",
                        "$.Providers[6].transformer",
                        "$.Providers[6].protocol",
                        "$.Providers[6].auth",
                        "$.Providers[7]");
        assertThat(problems.get(0).message()).isEqualTo("provider has no name; add \"name\": \"my-provider\"");
        assertThat(problems.get(2).message()).startsWith("expected an absolute http(s) URL");
        assertThat(problems.get(5).message())
                .isEqualTo("duplicate provider name 'NoURL' (also $.Providers[1]);"
                        + " provider names must be unique, ignoring case; rename one of them");
        assertThat(problems.get(8).message())
                .isEqualTo("unknown protocol \"grpc\"; use one of anthropic, openai," + " gemini, openai-responses");
    }

    @Test
    void providersThatAreNotAListAreAProblemNotACrash() {
        // found by AdminApiFuzzProperties: the tokenizer check read Providers as a list before anyone said it was one
        List<ConfigProblem> problems = problems("""
                {"Providers": {"content": [{"thinking_delta": ["bottom"]}, 235098.9]},
                 "Router": {"default": "anth,m1"}}""");

        assertThat(problems).anySatisfy(p -> assertThat(p.path()).isEqualTo("$.Providers"));
    }

    @Test
    void refusesToListenBeyondLoopbackWithoutApiKey() throws Exception {
        assertThat(problemsWith("\"HOST\": \"0.0.0.0\""))
                .containsExactly(new ConfigProblem(
                        "$.HOST", "refusing to listen on 0.0.0.0 without APIKEY; set APIKEY or HOST=127.0.0.1"));
        assertThat(problemsWith("\"HOST\": \"0.0.0.0\", \"APIKEY\": \"\"")).hasSize(1);
        assertThat(load("\"HOST\": \"0.0.0.0\", \"APIKEY\": \"s3cret\"").host()).isEqualTo("0.0.0.0");
        for (String host : List.of("127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]", "LOCALHOST")) {
            assertThat(load("\"HOST\": \"" + host + "\"").host()).isEqualTo(host);
        }
    }

    @Test
    void recognisesLoopbackAddressesWithoutDns() {
        assertThat(ConfigValidator.isLoopback("127.0.0.1")).isTrue();
        assertThat(ConfigValidator.isLoopback("127.255.255.254")).isTrue();
        assertThat(ConfigValidator.isLoopback("::ffff:127.0.0.1")).isTrue();
        assertThat(ConfigValidator.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(ConfigValidator.isLoopback("128.0.0.1")).isFalse();
        assertThat(ConfigValidator.isLoopback("127.0.0.300")).isFalse();
        assertThat(ConfigValidator.isLoopback("::")).isFalse();
        assertThat(ConfigValidator.isLoopback("my-laptop.local")).isFalse();
        assertThat(ConfigValidator.isLoopback("localhost.evil.com")).isFalse();
    }

    @Test
    void collectsEveryProblemNotJustTheFirst() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> load("""
                "PORT": 0, "HOST": "0.0.0.0",
                "Router": {"default": "x,y", "think": "deepseek,nope"}
                """));

        assertThat(e.problems())
                .extracting(ConfigProblem::path)
                .containsExactly("$.PORT", "$.Router.default", "$.Router.think", "$.HOST");
        assertThat(e.getMessage().lines()).hasSize(4).allMatch(l -> l.startsWith("config.json: $."));
    }

    @Test
    void warnsAboutUnknownKeysWithoutFailing() throws Exception {
        RouterConfig config = load("""
                "port": 1, "OPENAI_API_KEY": "sk-old",
                "Router": {"default": "deepseek,deepseek-chat", "coding": "deepseek,deepseek-chat", "explicit": ""}
                """);

        assertThat(config.warnings())
                .containsExactly(
                        "$.port: unknown key 'port' ignored (did you mean PORT?)",
                        "$.OPENAI_API_KEY: legacy key from ccr 0.x ignored; describe the provider in Providers instead",
                        "$.Router.coding: unknown scenario key 'coding' ignored (known: default, background, think,"
                                + " longContext, webSearch, image, longContextThreshold, thinkMinEffort)",
                        "$.Router.explicit: unknown scenario key 'explicit' ignored (known: default, background, think,"
                                + " longContext, webSearch, image, longContextThreshold, thinkMinEffort)");
        assertThat(config.raw().path("port").intValue()).isEqualTo(1);
    }

    @Test
    void warnsAboutUnknownProviderKeys() throws Exception {
        RouterConfig config = ConfigLoader.parse("""
                {"Providers": [{"name": "p", "api_base_url": "https://p.example/v1/chat/completions",
                  "api_key": "k", "models": ["m"], "headers": {"x": "y"}}],
                 "Router": {"default": "p,m"}}
                """, Path.of("config.json"), Map.of());

        assertThat(config.warnings())
                .singleElement()
                .asString()
                .startsWith("$.Providers[0].headers: unknown provider key");
    }

    @Test
    void warnsWhenDefaultRouteIsMissingUnlessThereAreNoProviders() throws Exception {
        assertThat(load("\"Router\": {}").warnings())
                .containsExactly(
                        "$.Router.default: not set, so requests that match no other scenario have nowhere to go; set it to"
                                + " \"provider,model\", e.g. \"deepseek,deepseek-chat\"");
        assertThat(ConfigLoader.parse("{\"Router\": {}}", Path.of("c.json"), Map.of())
                        .warnings())
                .isEmpty();
    }

    @Test
    void warnsAboutProviderWithoutKeyAndEmptyModels() throws Exception {
        RouterConfig config = ConfigLoader.parse("""
                {"Providers": [{"name": "local", "api_base_url": "http://127.0.0.1:1234/v1/chat/completions",
                  "api_key": "", "models": []}]}
                """, Path.of("config.json"), Map.of());

        assertThat(config.provider("local").orElseThrow().hasKey()).isFalse();
        assertThat(config.warnings())
                .containsExactly(
                        "$.Providers[0].api_key: provider 'local' has no API key, so requests routed to it fail until one is set; set"
                                + " \"api_key\" (e.g. \"$LOCAL_API_KEY\"), or any placeholder such as \"ollama\" for a local server that needs none",
                        "$.Providers[0].models: provider 'local' lists no models, so nothing can be routed to it",
                        "$.Router.default: not set, so requests that match no other scenario have nowhere to go; set it to"
                                + " \"provider,model\", e.g. \"deepseek,deepseek-chat\"");
    }

    @Test
    void readsProxyUrlFromCcrAliases() throws Exception {
        assertThat(load("\"https_proxy\": \"http://proxy:3128\"").proxyUrl()).isEqualTo("http://proxy:3128");
        assertThat(load("\"httpsProxy\": \"socks5://127.0.0.1:1080\"").proxyUrl())
                .isEqualTo("socks5://127.0.0.1:1080");
        RouterConfig both = load("\"PROXY_URL\": \"http://a:1\", \"HTTPS_PROXY\": \"http://b:2\"");
        assertThat(both.proxyUrl()).isEqualTo("http://a:1");
        assertThat(both.warnings()).contains("$.HTTPS_PROXY: ignored because PROXY_URL is also set");
        assertThat(problemsWith("\"PROXY_URL\": \"not a url\""))
                .extracting(ConfigProblem::path)
                .containsExactly("$.PROXY_URL");
    }

    @Test
    void listsOnlyInactiveKeysThatAskForSomething() throws Exception {
        RouterConfig config = load("""
                "transformers": [], "CUSTOM_ROUTER_PATH": "", "REWRITE_SYSTEM_PROMPT": "/tmp/prompt.md",
                "forceUseImageAgent": true, "StatusLine": {"enabled": false}, "plugins": [{"name": "token-speed", "enabled": true}],
                "Router": {"default": "deepseek,deepseek-chat"}
                """);

        assertThat(config.inactiveKeys())
                .as("token-speed is built in, the image agent acts")
                .isEmpty();
        assertThat(config.forceUseImageAgent()).isTrue();
        assertThat(config.raw().has("StatusLine")).isTrue();
        assertThat(load("""
                "plugins": [{"name": "token-speed"}, {"name": "other-plugin", "enabled": true}],
                "Router": {"default": "deepseek,deepseek-chat"}
                """).inactiveKeys()).containsExactly("$.plugins");
        assertThat(load("""
                "plugins": [{"name": "token-speed", "enabled": true, "options": {"reporter": ["webhook"]}}],
                "Router": {"default": "deepseek,deepseek-chat"}
                """).inactiveKeys()).as("its reporters are not made").containsExactly("$.plugins");
    }

    @Test
    void acceptsLowercaseProvidersKeyLikeCcr() throws Exception {
        RouterConfig config = ConfigLoader.parse("""
                {"providers": [{"name": "p", "api_base_url": "https://p.example/v1/chat/completions", "api_key": "k",
                 "models": ["m"]}], "Router": {"default": "p,m"}}
                """, Path.of("config.json"), Map.of());

        assertThat(config.providers()).hasSize(1);
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void readsEveryResilienceKeyIntoItsOwnSettingAndLetsAProviderOverrideSome() throws Exception {
        RouterConfig config = ConfigLoader.parse("""
                {"resilience": {"connect_timeout_ms": 1001, "headers_timeout_ms": 1002, "first_event_timeout_ms": 1003,
                   "idle_timeout_ms": 1004, "max_attempts": 5, "backoff_ms": 1005, "max_backoff_ms": 1006,
                   "max_retry_after_ms": 1007, "retry_budget_ms": 1008, "breaker_window": 11, "breaker_min_calls": 12,
                   "breaker_failure_rate": 13, "breaker_open_ms": 1009, "max_concurrency": 14},
                 "Providers": [
                   {"name": "own", "api_base_url": "https://p.example/v1/chat/completions", "api_key": "k", "models": ["m"],
                    "resilience": {"max_attempts": 2, "idle_timeout_ms": 2004, "max_concurrency": 24}},
                   {"name": "inherits", "api_base_url": "https://q.example/v1/chat/completions", "api_key": "k",
                    "models": ["m"]}],
                 "Router": {"default": "own,m"}}
                """, Path.of("config.json"), Map.of());

        Resilience top = new Resilience(
                Duration.ofMillis(1001),
                Duration.ofMillis(1002),
                Duration.ofMillis(1003),
                Duration.ofMillis(1004),
                5,
                Duration.ofMillis(1005),
                Duration.ofMillis(1006),
                Duration.ofMillis(1007),
                Duration.ofMillis(1008),
                11,
                12,
                13,
                Duration.ofMillis(1009),
                14,
                Resilience.DEFAULT.failoverTimeout(),
                PrefillSupport.AUTO);
        assertThat(config.warnings()).isEmpty();
        assertThat(config.provider("inherits").orElseThrow().resilience()).isEqualTo(top);
        assertThat(config.provider("own").orElseThrow().resilience())
                .isEqualTo(new Resilience(
                        top.connectTimeout(),
                        top.headersTimeout(),
                        top.firstEventTimeout(),
                        Duration.ofMillis(2004),
                        2,
                        top.initialBackoff(),
                        top.maxBackoff(),
                        top.maxRetryAfter(),
                        top.retryBudget(),
                        top.breakerWindow(),
                        top.breakerMinCalls(),
                        top.breakerFailureRate(),
                        top.breakerOpen(),
                        24,
                        top.failoverTimeout(),
                        top.prefill()));
    }

    private static final String ROUTED = "\"Router\": {\"default\": \"deepseek,deepseek-chat\"}";

    /** Every resilience key with its smallest and largest accepted value. */
    static Stream<Arguments> resilienceRanges() {
        long day = 86_400_000L;
        return Stream.of(
                Arguments.of("connect_timeout_ms", 1, day),
                Arguments.of("headers_timeout_ms", 1, day),
                Arguments.of("first_event_timeout_ms", 1, day),
                Arguments.of("idle_timeout_ms", 1, day),
                Arguments.of("max_attempts", 1, 10),
                Arguments.of("backoff_ms", 1, day),
                Arguments.of("max_backoff_ms", 1, day),
                Arguments.of("max_retry_after_ms", 1, day),
                Arguments.of("retry_budget_ms", 1, day),
                Arguments.of("breaker_window", 1, 10_000),
                Arguments.of("breaker_min_calls", 1, 10_000),
                Arguments.of("breaker_failure_rate", 1, 100),
                Arguments.of("breaker_open_ms", 1, day),
                Arguments.of("max_concurrency", 1, 100_000));
    }

    @ParameterizedTest(name = "{0}: {1} to {2}")
    @MethodSource("resilienceRanges")
    void acceptsAResilienceValueAtEitherEndOfItsRangeAndRejectsOneBeyond(String key, long min, long max)
            throws Exception {
        for (long ok : new long[] {min, max}) {
            assertThat(load(ROUTED + ", \"resilience\": {\"" + key + "\": " + ok + "}")
                            .warnings())
                    .as("%s = %d", key, ok)
                    .isEmpty();
        }
        for (long bad : new long[] {min - 1, max + 1}) {
            assertThat(problemsWith("\"resilience\": {\"" + key + "\": " + bad + "}"))
                    .as("%s = %d", key, bad)
                    .containsExactly(new ConfigProblem(
                            "$.resilience." + key, "expected an integer " + min + "-" + max + ", got " + bad));
        }
        assertThat(problems("""
                {"Providers": [{"name": "p", "api_base_url": "https://p.example/v1/chat/completions", "api_key": "k",
                  "models": ["m"], "resilience": {"%s": %d}}]}
                """.formatted(key, max + 1)))
                .extracting(ConfigProblem::path)
                .containsExactly("$.Providers[0].resilience." + key);
    }

    @Test
    void readsThePrefillCapabilityAndTheFailoverTimeoutPerProvider() throws Exception {
        RouterConfig config = ConfigLoader.parse("""
                {"resilience": {"failover_timeout_ms": 5000},
                 "Providers": [{"name": "p", "api_base_url": "https://p.example/v1/chat/completions", "api_key": "k",
                   "models": ["m"], "resilience": {"prefill": true}},
                   {"name": "q", "api_base_url": "https://q.example/v1/messages", "api_key": "k",
                   "models": ["m"], "resilience": {"prefill": false, "failover_timeout_ms": 7000}},
                   {"name": "r", "api_base_url": "https://r.example/v1/messages", "api_key": "k", "models": ["m"]}],
                 "Router": {"default": "p,m"}}
                """, Path.of("config.json"), Map.of());

        assertThat(config.provider("p").orElseThrow().resilience().prefill()).isEqualTo(PrefillSupport.YES);
        assertThat(config.provider("p").orElseThrow().resilience().failoverTimeout())
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(config.provider("q").orElseThrow().resilience().prefill()).isEqualTo(PrefillSupport.NO);
        assertThat(config.provider("q").orElseThrow().resilience().failoverTimeout())
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(config.provider("r").orElseThrow().resilience().prefill()).isEqualTo(PrefillSupport.AUTO);
        assertThat(Resilience.DEFAULT.failoverTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(Resilience.DEFAULT.idleTimeout()).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void warnsAboutUnknownResilienceKeysListingTheKnownOnes() throws Exception {
        RouterConfig config = ConfigLoader.parse("""
                {"resilience": {"idle_timout_ms": 5},
                 "Providers": [{"name": "p", "api_base_url": "https://p.example/v1/chat/completions", "api_key": "k",
                   "models": ["m"], "resilience": {"retries": 2, "max_attempts": 2}}],
                 "Router": {"default": "p,m"}}
                """, Path.of("config.json"), Map.of());

        String known = " ignored (known: backoff_ms, breaker_failure_rate, breaker_min_calls, breaker_open_ms,"
                + " breaker_window, connect_timeout_ms, failover_timeout_ms, first_event_timeout_ms, headers_timeout_ms,"
                + " idle_timeout_ms, max_attempts, max_backoff_ms, max_concurrency, max_retry_after_ms, prefill,"
                + " retry_budget_ms)";
        assertThat(config.warnings())
                .containsExactly(
                        "$.resilience.idle_timout_ms: unknown resilience key 'idle_timout_ms'" + known,
                        "$.Providers[0].resilience.retries: unknown resilience key 'retries'" + known);
        assertThat(config.provider("p").orElseThrow().resilience())
                .isEqualTo(new Resilience(
                        Resilience.DEFAULT.connectTimeout(),
                        Resilience.DEFAULT.headersTimeout(),
                        Resilience.DEFAULT.firstEventTimeout(),
                        Resilience.DEFAULT.idleTimeout(),
                        2,
                        Resilience.DEFAULT.initialBackoff(),
                        Resilience.DEFAULT.maxBackoff(),
                        Resilience.DEFAULT.maxRetryAfter(),
                        Resilience.DEFAULT.retryBudget(),
                        Resilience.DEFAULT.breakerWindow(),
                        Resilience.DEFAULT.breakerMinCalls(),
                        Resilience.DEFAULT.breakerFailureRate(),
                        Resilience.DEFAULT.breakerOpen(),
                        Resilience.DEFAULT.maxConcurrent(),
                        Resilience.DEFAULT.failoverTimeout(),
                        Resilience.DEFAULT.prefill()));
    }

    @Test
    void rejectsAResilienceThatIsNotAnObject() {
        assertThat(problemsWith("\"resilience\": 3"))
                .containsExactly(new ConfigProblem(
                        "$.resilience",
                        "expected an object such as {\"idle_timeout_ms\": 300000, \"max_attempts\": 3}, got 3"));
    }
}
