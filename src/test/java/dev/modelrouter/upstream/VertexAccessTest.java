package dev.modelrouter.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.upstream.VertexEndpoint.Flavour;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a ccr {@code vertex-*} provider's calls go and what they carry, without the network. */
class VertexAccessTest {

    @TempDir
    Path tmp;

    private ProviderConfig provider(String url, String use) throws Exception {
        Path sa = tmp.resolve("adc.json");
        Files.writeString(sa, """
                {"type": "authorized_user", "client_id": "c", "client_secret": "s", "refresh_token": "r",
                 "quota_project_id": "adc-project"}
                """);
        return ConfigLoader.parse("""
                {"Providers": [{"name": "v", "api_base_url": "%s", "models": ["m"], "transformer": {"use": [%s]}}]}
                """.formatted(url, use), Path.of("config.json"), Map.of())
                .providers()
                .get(0);
    }

    private ProviderEndpoint endpoints(Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("GOOGLE_APPLICATION_CREDENTIALS", tmp.resolve("adc.json").toString());
        return new ProviderEndpoint(all);
    }

    @Test
    void aGoogleHostIsBuiltFromTheRegionAsCcrDoesAndAnyOtherHostReplacesIt() throws Exception {
        ProviderConfig google = provider("https://us-central1-aiplatform.googleapis.com/v1beta1/", "\"vertex-claude\"");
        ProviderConfig own =
                provider("http://127.0.0.1:8123/ignored/path", "[\"vertex-gemini\", {\"location\": \"global\"}]");
        ProviderEndpoint endpoints = endpoints(Map.of("GOOGLE_CLOUD_PROJECT", "env-project"));

        assertThat(endpoints.uri(google, "claude-sonnet-4@20250514", false))
                .hasToString(
                        "https://us-east5-aiplatform.googleapis.com"
                                + "/v1/projects/env-project/locations/us-east5/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict");
        assertThat(endpoints.uri(own, "../evil", true))
                .hasToString("http://127.0.0.1:8123/v1/projects/env-project"
                        + "/locations/global/publishers/google/models/..%2Fevil:streamGenerateContent?alt=sse");
        assertThat(endpoints(Map.of()).uri(own, "g", false).toString())
                .as("the credentials' project when none is set")
                .contains("/projects/adc-project/");
    }

    @Test
    void ccrsFullOpenAiEndpointUrlIsUsedAsWritten() throws Exception {
        String full =
                "https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/endpoints/openapi/chat/completions";
        assertThat(endpoints(Map.of()).uri(provider(full, "\"vertex-openai\""), "google/gemini-2.5-flash", true))
                .hasToString(full);
    }

    @Test
    void callsCarryNoKeyAndTheBodyVertexTakes() throws Exception {
        ProviderConfig claude = provider("http://127.0.0.1:1", "\"vertex-claude\"");
        ProviderEndpoint endpoints = endpoints(Map.of("GOOGLE_CLOUD_PROJECT", "p"));

        Map<String, String> headers =
                endpoints.prepare(claude, "2023-06-01", "b1", true).headers();

        assertThat(headers)
                .doesNotContainKeys("x-api-key", "authorization", "anthropic-version")
                .containsEntry("anthropic-beta", "b1");
        assertThat(body(Flavour.CLAUDE, "{\"model\":\"m\",\"max_tokens\":5}"))
                .isEqualTo("{\"max_tokens\":5,\"anthropic_version\":\"vertex-2023-10-16\"}");
        assertThat(body(Flavour.CLAUDE, "{\"model\":\"m\",\"anthropic_version\":\"vertex-2099\"}"))
                .as("a version the client chose stays")
                .isEqualTo("{\"anthropic_version\":\"vertex-2099\"}");
        assertThat(body(Flavour.OPENAI, "{\"model\":\"gemini-2.5-flash\"}"))
                .isEqualTo("{\"model\":\"google/gemini-2.5-flash\"}");
        assertThat(body(Flavour.OPENAI, "{\"model\":\"meta/llama-4\"}")).isEqualTo("{\"model\":\"meta/llama-4\"}");
        assertThat(body(Flavour.GEMINI, "{\"contents\":[]}")).isEqualTo("{\"contents\":[]}");
    }

    @Test
    void missingCredentialsNameTheProviderAndWhatToDo() throws Exception {
        ProviderConfig gemini = provider(
                "http://127.0.0.1:1", "[\"vertex-gemini\", {\"project\": \"p\", \"credentials\": \"/no/such.json\"}]");

        assertThatThrownBy(() -> endpoints(Map.of()).uri(gemini, "g", true))
                .isInstanceOf(RouterException.class)
                .hasMessageContaining("provider 'v'")
                .hasMessageContaining("/no/such.json");
    }

    private static String body(Flavour flavour, String json) {
        return new String(VertexAccess.body(flavour, json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }
}
