package dev.modelrouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EnvInterpolationTest {

    private static final Map<String, String> ENV = Map.of("A", "alpha", "B", "beta", "EMPTY", "");

    private static RouterConfig load(String json) throws ConfigException {
        return ConfigLoader.parse(json, Path.of("config.json"), ENV);
    }

    private static JsonNode x(String value) throws ConfigException {
        return load("{\"x\": " + value + "}").raw().path("x");
    }

    @Test
    void replacesBareAndBracedReferences() throws Exception {
        assertThat(x("\"$A\"").stringValue()).isEqualTo("alpha");
        assertThat(x("\"${A}\"").stringValue()).isEqualTo("alpha");
        assertThat(x("\"x${A}y\"").stringValue()).isEqualTo("xalphay");
        assertThat(x("\"$A-$B\"").stringValue()).isEqualTo("alpha-beta");
        assertThat(x("\"$Ab\"").stringValue()).isEqualTo("$Ab");
        assertThat(x("\"costs $5\"").stringValue()).isEqualTo("costs $5");
    }

    @Test
    void replacesInsideNestedArraysAndObjectsButNotKeys() throws Exception {
        JsonNode x = x("[[\"$A\", {\"$B\": \"${B}\"}], 1, true, null]");

        assertThat(x.toString()).isEqualTo("[[\"alpha\",{\"$B\":\"beta\"}],1,true,null]");
    }

    @Test
    void keepsUnresolvedReferencesLiteralAndWarns() throws Exception {
        RouterConfig config = load("{\"x\": [\"pre-${MISSING}-$EMPTY\"]}");

        assertThat(config.raw().path("x").get(0).stringValue()).isEqualTo("pre-${MISSING}-$EMPTY");
        assertThat(config.warnings())
                .containsExactly(
                        "$.x[0]: environment variable MISSING is not set; the text '${MISSING}' is kept as is",
                        "$.x[0]: environment variable EMPTY is not set; the text '$EMPTY' is kept as is",
                        "$.x: unknown key 'x' ignored");
    }

    @Test
    void unresolvedApiKeyMeansNoKey() throws Exception {
        RouterConfig config = load("""
                {"Providers": [{"name": "p", "api_base_url": "https://p.example/v1/chat/completions",
                  "api_key": ["$A", "sk-${MISSING}", "${B}"], "models": ["m"]},
                  {"name": "q", "api_base_url": "https://q.example/v1/chat/completions",
                  "api_key": "$NOPE", "models": ["m"]}],
                 "Router": {"default": "p,m"}}
                """);

        assertThat(config.provider("p").orElseThrow().apiKeys()).containsExactly("alpha", "beta");
        assertThat(config.provider("q").orElseThrow().apiKeys()).isEmpty();
        assertThat(config.provider("q").orElseThrow().hasKey()).isFalse();
        assertThat(config.raw().path("Providers").get(1).path("api_key").stringValue())
                .isEmpty();
        assertThat(config.warnings())
                .containsExactly(
                        "$.Providers[0].api_key[1]: environment variable MISSING is not set, so this key is left out of the"
                                + " provider's key pool; export MISSING before starting the router",
                        "$.Providers[1].api_key: environment variable NOPE is not set, so this provider has no API key;"
                                + " export NOPE before starting the router");
    }

    @Test
    void interpolatesTopLevelSettings() throws Exception {
        RouterConfig config = ConfigLoader.parse(
                "{\"HOST\": \"$H\", \"PORT\": \"${P}\", \"APIKEY\": \"$K\", \"PROXY_URL\": \"http://$PH:3128\"}",
                Path.of("config.json"),
                Map.of("H", "0.0.0.0", "P", "8080", "K", "router-key-123", "PH", "proxy.local"));

        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.apiKey()).isEqualTo("router-key-123");
        assertThat(config.proxyUrl()).isEqualTo("http://proxy.local:3128");
    }

    @Test
    void anApiKeyNamingAnUnsetVariableIsNoKeyNotItsLiteralText() throws Exception {
        RouterConfig config = load("{\"APIKEY\": \"${ROUTER_APIKEY}\"}");

        assertThat(config.apiKey()).isNull();
        assertThat(config.raw().toString()).doesNotContain("ROUTER_APIKEY}");
        assertThat(config.warnings())
                .containsExactly("$.APIKEY: environment variable ROUTER_APIKEY is not set, so the"
                        + " router has no APIKEY (a HOST other than loopback then refuses to start); export ROUTER_APIKEY"
                        + " before starting the router");
        assertThat(load("{\"APIKEY\": \"pre-$EMPTY\"}").apiKey())
                .as("an empty variable is unset, as in ccr")
                .isNull();
    }

    @Test
    void aProxyUrlNamingAnUnsetVariableIsNoProxyNotItsLiteralText() throws Exception {
        RouterConfig config = load("{\"PROXY_URL\": \"http://me:${PROXY_PASSWORD}@proxy.local:3128\"}");

        assertThat(config.proxyUrl()).isNull();
        assertThat(config.raw().toString()).doesNotContain("PROXY_PASSWORD");
        assertThat(config.warnings())
                .anyMatch(w -> w.startsWith(
                        "$.PROXY_URL: environment variable PROXY_PASSWORD is" + " not set, so no proxy is used"));
    }

    @Test
    void aHostBeyondLoopbackRefusesToStartWhenItsApiKeyNamesAnUnsetVariable() {
        assertThatThrownBy(() -> load("{\"HOST\": \"0.0.0.0\", \"APIKEY\": \"${ROUTER_APIKEY}\"}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        "$.HOST: refusing to listen on 0.0.0.0 without APIKEY (APIKEY names an environment"
                                + " variable that is not set, so it has no value); set APIKEY or HOST=127.0.0.1");
    }
}
