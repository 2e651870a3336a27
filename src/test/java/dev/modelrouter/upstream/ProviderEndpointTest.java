package dev.modelrouter.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.config.ConfigLoader;
import dev.modelrouter.config.ProviderConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProviderEndpointTest {

    static ProviderConfig gemini() throws Exception {
        return gemini("https://generativelanguage.googleapis.com/v1beta/");
    }

    static ProviderConfig gemini(String apiBaseUrl) throws Exception {
        return ConfigLoader.parse("""
            {"Providers": [{"name": "gem", "api_base_url": "%s",
              "api_key": "k", "models": ["gemini-2.5-pro"], "transformer": {"use": ["gemini"]}}]}
            """.formatted(apiBaseUrl), Path.of("config.json"), Map.of())
                .providers()
                .get(0);
    }

    @ParameterizedTest
    @CsvSource({
        "https://generativelanguage.googleapis.com/v1beta/models/",
        "https://generativelanguage.googleapis.com/v1beta/models",
        "https://generativelanguage.googleapis.com/v1beta/",
        "https://generativelanguage.googleapis.com/v1beta"
    })
    void aGeminiBaseWrittenAsCcrDocumentsItReachesTheModelOnce(String apiBaseUrl) throws Exception {
        ProviderEndpoint endpoint = new ProviderEndpoint();
        ProviderConfig gemini = gemini(apiBaseUrl);
        assertThat(endpoint.uri(gemini, "gemini-2.5-pro", false).toString())
                .isEqualTo("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:generateContent");
        assertThat(endpoint.uri(gemini, "gemini-2.5-pro", true).toString())
                .isEqualTo("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro"
                        + ":streamGenerateContent?alt=sse");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "gemini-2.5-pro   | gemini-2.5-pro",
                "../../v1/evil    | ..%2F..%2Fv1%2Fevil",
                "a?key=x          | a%3Fkey%3Dx",
                "a#frag           | a%23frag",
                "'a b'            | a%20b",
                "50%              | 50%25",
                "модель           | %D0%BC%D0%BE%D0%B4%D0%B5%D0%BB%D1%8C",
                "tunedModels/mine | tunedModels%2Fmine",
                "llama3:8b        | llama3%3A8b",
                "a~b_c.d-e        | a~b_c.d-e"
            })
    void aGeminiModelIsExactlyOnePathSegment(String model, String segment) throws Exception {
        ProviderConfig gemini = gemini();
        URI uri = new ProviderEndpoint().uri(gemini, model, true);
        assertThat(uri.getRawPath()).isEqualTo("/v1beta/models/" + segment + ":streamGenerateContent");
        assertThat(uri.getRawQuery()).isEqualTo("alt=sse");
        assertThat(uri.getRawFragment()).isNull();
        assertThat(uri.getHost()).isEqualTo("generativelanguage.googleapis.com");
        assertThat(new ProviderEndpoint().uri(gemini, model, false).toString())
                .isEqualTo("https://generativelanguage.googleapis.com/v1beta/models/" + segment + ":generateContent");
    }
}
