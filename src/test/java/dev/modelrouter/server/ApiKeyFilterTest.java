package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.ErrorKind;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ApiKeyFilterTest {

    private static Function<String, String> headers(String... namesAndValues) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return map::get;
    }

    @Test
    void takesTheKeyFromXApiKeyThenGoogleThenBearer() {
        assertThat(ApiKeyFilter.presented(
                        headers("x-api-key", "a", "x-goog-api-key", "b", "Authorization", "Bearer c")))
                .isEqualTo("a");
        assertThat(ApiKeyFilter.presented(headers("x-goog-api-key", "b", "Authorization", "Bearer c")))
                .isEqualTo("b");
        assertThat(ApiKeyFilter.presented(headers("Authorization", "bearer  c ")))
                .isEqualTo("c");
        assertThat(ApiKeyFilter.presented(headers("Authorization", "Basic c"))).isNull();
        assertThat(ApiKeyFilter.presented(headers())).isNull();
    }

    @Test
    void refusesOnlyWhenAKeyIsSetAndNotPresented() {
        assertThat(ApiKeyFilter.refusal(null, headers())).isNull();
        assertThat(ApiKeyFilter.refusal("", headers())).isNull();
        assertThat(ApiKeyFilter.refusal("k", headers("X-Api-Key", "k"))).isNull();
        assertThat(ApiKeyFilter.refusal("k", headers("x-api-key", "k2")))
                .isNotNull()
                .extracting(e -> e.kind())
                .isEqualTo(ErrorKind.AUTHENTICATION);
        assertThat(ApiKeyFilter.refusal("k", headers())).isNotNull();
    }
}
