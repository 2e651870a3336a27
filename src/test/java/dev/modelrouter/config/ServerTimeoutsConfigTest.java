package dev.modelrouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** config.json's {@code server} object: the server's timeouts on its clients. */
class ServerTimeoutsConfigTest {

    private static RouterConfig load(String members) throws ConfigException {
        String json = """
                {"Providers": [{"name": "p", "api_base_url": "https://example.com/v1/chat/completions",
                   "api_key": "sk", "models": ["m"]}],
                 "Router": {"default": "p,m"}%s}
                """.formatted(members);
        return ConfigLoader.parse(json, Path.of("config.json"), Map.of());
    }

    @Test
    void defaultsNeverLeaveAConnectionOpenForever() throws ConfigException {
        RouterConfig config = load("");

        assertThat(config.serverTimeouts()).isEqualTo(ServerTimeouts.DEFAULT);
        assertThat(config.warnings()).isEmpty();
        assertThat(ServerTimeouts.DEFAULT.header()).isEqualTo(Duration.ofSeconds(60));
        assertThat(ServerTimeouts.DEFAULT.body()).isEqualTo(Duration.ofSeconds(300));
        assertThat(ServerTimeouts.DEFAULT.idle()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void readsEachTimeoutAndKeepsTheDefaultOfTheOthers() throws ConfigException {
        RouterConfig config = load(", \"server\": {\"header_timeout_ms\": 1500, \"idle_timeout_ms\": 900000}");

        assertThat(config.serverTimeouts())
                .isEqualTo(
                        new ServerTimeouts(Duration.ofMillis(1500), Duration.ofSeconds(300), Duration.ofMinutes(15)));
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void warnsOfAnUnknownKeyAndRefusesANonPositiveTimeout() throws ConfigException {
        assertThat(load(", \"server\": {\"read_timeout_ms\": 5}").warnings())
                .singleElement()
                .asString()
                .startsWith("$.server.read_timeout_ms: unknown server key");
        assertThatThrownBy(() -> load(", \"server\": {\"body_timeout_ms\": 0}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("$.server.body_timeout_ms");
        assertThatThrownBy(() -> load(", \"server\": 30"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("$.server");
    }
}
