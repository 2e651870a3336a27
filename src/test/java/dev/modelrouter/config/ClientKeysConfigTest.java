package dev.modelrouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** config.json's {@code ClientKeys}: read, validated, and their keys kept secret. */
class ClientKeysConfigTest {

    private static final Map<String, String> ENV = Map.of("TEAM_A_KEY", "ck-team-a-secret-0001");

    private static RouterConfig load(String members) throws ConfigException {
        String json = """
                {"Providers": [{"name": "p", "api_base_url": "https://example.com/v1/chat/completions",
                   "api_key": "sk-provider-0001", "models": ["m"]}],
                 "Router": {"default": "p,m"}%s}
                """.formatted(members);
        return ConfigLoader.parse(json, Path.of("config.json"), ENV);
    }

    @Test
    void noClientKeysMeansNone() throws ConfigException {
        assertThat(load("").clientKeys()).isEmpty();
    }

    @Test
    void readsEachKeyWithItsVariableResolvedAndItsLimits() throws ConfigException {
        RouterConfig config = load(
                ", \"ClientKeys\": [ {\"name\": \"team-a\", \"key\": \"$TEAM_A_KEY\", \"models\": [\"p,m\", \"other\"], \"rpm\": 60, \"tpm\": 1000, \"budget_tokens_per_day\": 50000}, {\"name\": \"team-b\", \"key\": \"ck-team-b-literal-02\"}]");

        assertThat(config.clientKeys())
                .containsExactly(
                        new ClientKey("team-a", "ck-team-a-secret-0001", Set.of("p,m", "other"), 60, 1000, 50_000),
                        new ClientKey("team-b", "ck-team-b-literal-02", Set.of(), 0, 0, 0));
        assertThat(config.warnings()).isEmpty();
        ClientKey a = config.clientKeys().get(0);
        assertThat(a.allows("p", "m")).isTrue();
        assertThat(a.allows("q", "other")).isTrue();
        assertThat(a.allows("p", "n")).isFalse();
        assertThat(a.toString()).doesNotContain("ck-team-a");
    }

    @Test
    void theKeysAreSecretsThatNeverShow() throws ConfigException {
        RouterConfig config = load(", \"ClientKeys\": [{\"name\": \"team-a\", \"key\": \"$TEAM_A_KEY\"}]");

        assertThat(config.redacted().toString())
                .doesNotContain("ck-team-a-secret-0001")
                .contains("team-a");
        assertThat(Redactor.of(config).redact("rejected ck-team-a-secret-0001")).doesNotContain("ck-team-a-secret");
    }

    @Test
    void refusesAnEntryWithoutKeyADuplicateAndANonPositiveLimit() {
        assertThatThrownBy(() -> load(", \"ClientKeys\": [{\"name\": \"x\"}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("$.ClientKeys[0]");
        assertThatThrownBy(
                        () -> load(
                                ", \"ClientKeys\": [{\"name\": \"x\", \"key\": \"k1-aaaaaaaa\"}, {\"name\": \"x\", \"key\": \"k2-bbbbbbbb\"}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("used twice");
        assertThatThrownBy(
                        () -> load(
                                ", \"ClientKeys\": [{\"name\": \"x\", \"key\": \"k1-aaaaaaaa\"}, {\"name\": \"y\", \"key\": \"k1-aaaaaaaa\"}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("its own");
        assertThatThrownBy(() -> load(", \"ClientKeys\": [{\"name\": \"x\", \"key\": \"k1-aaaaaaaa\", \"rpm\": 0}]"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("$.ClientKeys[0].rpm");
        assertThatThrownBy(() -> load(", \"ClientKeys\": {\"name\": \"x\"}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("$.ClientKeys");
    }
}
