package dev.modelrouter.server;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.testing.NodeJs;
import dev.modelrouter.testing.ScriptedUpstream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link CcrConfigsIT} for the ccr config with a custom router script and a JS transformer in its
 * {@code plugins/}: the daemon starts on the user's folder (JS transformer names are learnt at start) and
 * serves its turns, the script's choices and the plugin's header included.
 */
@SpringBootTest(classes = RouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CcrScriptConfigIT {

    static final Path SOURCE = CcrConfigsIT.FOLDER.resolve("custom-router-and-plugin");
    static final ScriptedUpstream UPSTREAM = new ScriptedUpstream().otherwise(CcrConfigsIT::answer);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final JsonNode EXPECT = JSON.readTree(read(SOURCE.resolve("expect.json")));
    static final Path CCR = userFolder();

    @LocalServerPort
    int port;

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path userFolder() {
        try {
            Path ccr = Files.createDirectories(
                    Files.createTempDirectory("ccr-user").resolve(".claude-code-router"));
            CcrConfigsIT.copyOver(SOURCE, ccr);
            Files.writeString(
                    ccr.resolve("config.json"),
                    CcrConfigsIT.served(read(SOURCE.resolve("config.json")), EXPECT, ccr, UPSTREAM));
            return ccr;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add(
                RouterConfiguration.CONFIG_PROPERTY,
                () -> CCR.resolve("config.json").toString());
        registry.add(RouterConfiguration.HOME_PROPERTY, CCR::toString);
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @Test
    void everyTurnTakesTheRouteTheScriptOrTheRulesChoose() {
        NodeJs.assumeInstalled();
        for (JsonNode turn : EXPECT.path("turns")) {
            CcrConfigsIT.serves(port, UPSTREAM, turn, "");
        }
    }
}
