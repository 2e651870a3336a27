package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.RawHttp;
import dev.modelrouter.testing.RouterConfigs;
import dev.modelrouter.testing.ScriptedUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A client that goes away in the middle of its body is one DEBUG line in the log, not an ERROR and a trace. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
        classes = RouterApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "logging.level.dev.modelrouter=DEBUG")
class ClientAbortIT {

    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void config(DynamicPropertyRegistry registry) {
        String json = """
                {"Providers": [{"name": "anth", "api_base_url": "%s/v1/messages", "api_key": "sk-up",
                   "models": ["m"], "transformer": {"use": ["anthropic"]}}],
                 "Router": {"default": "anth,m"}}
                """.formatted(UPSTREAM.url());
        registry.add(
                RouterConfiguration.CONFIG_PROPERTY,
                () -> RouterConfigs.write(json).toString());
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @ParameterizedTest
    @CsvSource({"/v1/messages, false", "/v1/messages, true", "/v1/chat/completions, false", "/v1/chat/completions, true"
    })
    void aClientGoneMidBodyIsOneDebugLine(String path, boolean reset, CapturedOutput output) throws Exception {
        int before = output.getAll().split(ClientErrors.CLIENT_GONE, -1).length;
        try (RawHttp raw = RawHttp.connect(port)) {
            raw.send("POST " + path + " HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\n"
                    + "content-length: 1000\r\n\r\n{\"model\":\"m\",");
            if (reset) {
                raw.abort();
            }
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (output.getAll().split(ClientErrors.CLIENT_GONE, -1).length == before
                && !output.getAll().contains(" ERROR ")
                && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }

        assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain("\tat ");
        assertThat(output.getAll().split(ClientErrors.CLIENT_GONE, -1)).hasSize(before + 1);
        assertThat(UPSTREAM.received()).isEmpty();
    }
}
