package dev.modelrouter.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ClusterSettingsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void noRedisInConfigOrEnvironmentMeansSingleInstance() {
        assertThat(ClusterSettings.from(tree("{}"), Map.of())).isNull();
        assertThat(ClusterSettings.from(tree("{\"cluster\": {}}"), Map.of(ClusterSettings.ENV, " ")))
                .isNull();
    }

    @Test
    void configWinsOverTheEnvironmentAndTheTimeoutDefaultsTo200Ms() {
        ClusterSettings s = ClusterSettings.from(
                tree("{\"cluster\": {\"redis\": \"redis://a:6379\"}}"), Map.of(ClusterSettings.ENV, "redis://b:6379"));
        assertThat(s).isNotNull();
        assertThat(s.redis().getHost()).isEqualTo("a");
        assertThat(s.commandTimeout()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void theEnvironmentTurnsClusterModeOnWithoutConfig() {
        ClusterSettings s = ClusterSettings.from(tree("{}"), Map.of(ClusterSettings.ENV, "rediss://:pw@c:6380/1"));
        assertThat(s).isNotNull();
        assertThat(s.redis().getPort()).isEqualTo(6380);
    }

    @Test
    void refusesAUrlThatIsNotRedis() {
        assertThatThrownBy(() -> ClusterSettings.from(tree("{\"cluster\": {\"redis\": \"http://x\"}}"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis://");
    }

    @Test
    void keysTravelAsAHashThatDoesNotContainThem() {
        String hash = SharedRests.hash("sk-secret-key");
        assertThat(hash).hasSize(32).doesNotContain("sk-").isEqualTo(SharedRests.hash("sk-secret-key"));
        assertThat(SharedRests.hash("sk-other")).isNotEqualTo(hash);
    }

    private static JsonNode tree(String json) {
        return JSON.readTree(json);
    }
}
