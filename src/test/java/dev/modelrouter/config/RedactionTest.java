package dev.modelrouter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactionTest {

    private static final List<String> SECRETS = List.of(
            "sk-ant-api03-AAAAsecret",
            "sk-or-v1-BBBBsecret",
            "sk-or-v1-CCCCsecret",
            "router-DDDDsecret",
            "proxyEEEEpass",
            "AIzaFFFFsecret",
            "literalGGGGsecret",
            "MIIEHHHHsecret");

    private static final String CONFIG = """
            {
              "APIKEY": "$ROUTER_KEY",
              "PROXY_URL": "http://user:proxyEEEEpass@proxy.local:3128",
              "Providers": [
                {"name": "anthropic", "api_base_url": "https://api.anthropic.com/v1/messages",
                 "api_key": "${ANTHROPIC_API_KEY}", "models": ["claude-sonnet-4-5"]},
                {"name": "openrouter", "api_base_url": "https://openrouter.ai/api/v1/chat/completions",
                 "api_key": ["sk-or-v1-BBBBsecret", "$OR2"], "models": ["x/y"],
                 "transformer": {"use": [["customparams", {"headers": {"X-Echo": "sk-or-v1-CCCCsecret"}}]]}},
                {"name": "gemini", "api_base_url": "https://generativelanguage.googleapis.com/v1beta/models/?key=AIzaFFFFsecret",
                 "api_key": "literalGGGGsecret", "models": ["gemini-2.5-pro"]},
                {"name": "ollama", "api_base_url": "http://127.0.0.1:11434/v1/chat/completions",
                 "api_key": "ollama", "models": ["qwen"]},
                {"name": "vertex", "api_base_url": "https://aiplatform.googleapis.com", "models": ["gemini-2.5-pro"],
                 "transformer": {"use": [["vertex-openai", {"client_email": "sa@p.iam.gserviceaccount.com",
                                                           "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEHHHHsecret\\n"}]]}}
              ],
              "Router": {"default": "anthropic,claude-sonnet-4-5"},
              "transformers": [{"path": "/p.js", "options": {"apiKey": "sk-or-v1-BBBBsecret", "token": "abc"}}]
            }
            """;

    private static RouterConfig load() throws ConfigException {
        return ConfigLoader.parse(
                CONFIG,
                Path.of("config.json"),
                Map.of(
                        "ROUTER_KEY", "router-DDDDsecret",
                        "ANTHROPIC_API_KEY", "sk-ant-api03-AAAAsecret",
                        "OR2", "sk-or-v1-CCCCsecret"));
    }

    @Test
    void redactedTreeNeverContainsAKey() throws Exception {
        RouterConfig config = load();
        String redacted = config.redacted().toString();

        assertThat(config.raw().toString()).contains("sk-ant-api03-AAAAsecret");
        for (String secret : SECRETS) {
            assertThat(redacted).doesNotContain(secret);
        }
        assertThat(config.redacted().path("APIKEY").stringValue()).isEqualTo("***");
        assertThat(config.redacted().path("Providers").get(1).path("api_key").stringValue())
                .isEqualTo("***");
        assertThat(config.redacted().path("PROXY_URL").stringValue()).isEqualTo("http://***@proxy.local:3128");
        assertThat(config.redacted()
                        .path("Providers")
                        .get(2)
                        .path("api_base_url")
                        .stringValue())
                .isEqualTo("https://generativelanguage.googleapis.com/v1beta/models/?key=***");
    }

    @Test
    void redactionKeepsEverythingElse() throws Exception {
        RouterConfig config = load();

        assertThat(config.redacted().path("Providers").get(3).path("name").stringValue())
                .isEqualTo("ollama");
        assertThat(config.redacted().path("Router").path("default").stringValue())
                .isEqualTo("anthropic,claude-sonnet-4-5");
        assertThat(config.redacted().path("Providers").get(0).path("models").toString())
                .isEqualTo("[\"claude-sonnet-4-5\"]");
    }

    @Test
    void toStringNeverPrintsAKey() throws Exception {
        RouterConfig config = load();
        String text = config + " " + config.providers();

        for (String secret : SECRETS) {
            assertThat(text).doesNotContain(secret);
        }
    }

    @Test
    void problemMessagesNeverEchoAKey() {
        String json = """
                {"APIKEY": 12345678901234, "PROXY_URL": "not a url with proxyEEEEpass",
                 "Providers": [{"name": "p", "api_base_url": "ftp://u:proxyEEEEpass@h/x", "api_key": [{"k": "literalGGGGsecret"}],
                  "models": ["m"]}]}
                """;
        try {
            ConfigLoader.parse(json, Path.of("config.json"), Map.of());
        } catch (ConfigException e) {
            assertThat(e.getMessage())
                    .doesNotContain("12345678901234")
                    .doesNotContain("literalGGGGsecret")
                    .doesNotContain("proxyEEEEpass@");
            return;
        }
        throw new AssertionError("expected rejection");
    }

    @Test
    void everySecretOfTheConfigIsMaskedInFreeText() throws Exception {
        Redactor redactor = Redactor.of(load());
        // what providers and proxies answer: the key repeated, alone or in a URL, without its field name
        String text = "invalid x-api-key: sk-ant-api03-AAAAsecret; Bearer sk-or-v1-CCCCsecret rejected; "
                + "GET /v1beta/models/m:generateContent?key=AIzaFFFFsecret 401; AIzaFFFFsecret is not valid; "
                + "proxy refused proxyEEEEpass; header X-Echo sk-or-v1-CCCCsecret; client sent router-DDDDsecret";

        String redacted = redactor.redact(text);

        for (String secret : SECRETS) {
            assertThat(redacted).doesNotContain(secret);
        }
        assertThat(redacted)
                .startsWith("invalid x-api-key: ***; Bearer *** rejected; ")
                .contains("?key=*** 401");
    }

    @Test
    void placeholderKeysAndOrdinaryTextStayReadable() throws Exception {
        Redactor redactor = Redactor.of(load());

        assertThat(redactor.redact("provider 'ollama', model 'qwen' at http://127.0.0.1:11434/v1/chat/completions"))
                .isEqualTo("provider 'ollama', model 'qwen' at http://127.0.0.1:11434/v1/chat/completions");
    }

    @Test
    void registeredSecretsAndTheKeysOfEarlierConfigsStayMasked() throws Exception {
        LiveConfig live = new LiveConfig(load());
        live.secrets().register("admin-token-HHHHsecret");
        live.replace(ConfigLoader.parse("""
                {"Providers": [{"name": "p", "api_base_url": "https://p.example/v1/chat/completions",
                  "api_key": "sk-new-IIIIsecret", "models": ["m"]}], "Router": {"default": "p,m"}}
                """, Path.of("config.json"), Map.of()));

        String redacted = live.secrets()
                .redact("admin-token-HHHHsecret sk-new-IIIIsecret sk-ant-api03-AAAAsecret sk-or-v1-BBBBsecret");

        assertThat(redacted).isEqualTo("*** *** *** ***");
    }
}
