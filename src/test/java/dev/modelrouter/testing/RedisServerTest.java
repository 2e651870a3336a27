package dev.modelrouter.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisServerTest {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer();

    @Test
    void servesOnItsLoopbackPortWithoutPersistenceAndComesBackOnTheSamePort() {
        assertThat(REDIS.url()).isEqualTo("redis://127.0.0.1:" + REDIS.port());
        assertThat(REDIS.command("SET", "k", "v")).startsWith("+OK");
        assertThat(REDIS.command("CONFIG", "GET", "appendonly")).contains("no");
        REDIS.stop();
        assertThatThrownBy(() -> REDIS.command("PING")).isInstanceOf(UncheckedIOException.class);
        REDIS.start();
        assertThat(REDIS.command("PING")).startsWith("+PONG");
        assertThat(REDIS.command("GET", "k")).startsWith("$-1");
    }
}
