package dev.modelrouter.cluster;

import dev.modelrouter.RouterApplication;
import dev.modelrouter.server.RouterConfiguration;
import dev.modelrouter.testing.LocalRouter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One router daemon on loopback with a home and config file of its own, as one instance of a cluster. */
final class RouterInstance implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    final Path home;
    private final ConfigurableApplicationContext daemon;
    final int port;

    RouterInstance(String configText) {
        try {
            home = Files.createTempDirectory("router-cluster");
            Files.writeString(home.resolve("config.json"), configText);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // command-line arguments, not default properties: application.properties names port 3456
        daemon = new SpringApplicationBuilder(RouterApplication.class)
                .run(
                        "--server.port=0",
                        "--" + RouterConfiguration.HOME_PROPERTY + "=" + home,
                        "--" + RouterConfiguration.CONFIG_PROPERTY + "=" + home.resolve("config.json"),
                        "--logging.level.root=WARN");
        port = ((WebServerApplicationContext) daemon).getWebServer().getPort();
    }

    WebTestClient client() {
        return LocalRouter.client(port);
    }

    WebTestClient admin() {
        return LocalRouter.adminClient(port, home);
    }

    /** The daemon's bean of {@code type}, for a test that must reach inside (e.g. to widen a race). */
    <T> T bean(Class<T> type) {
        return daemon.getBean(type);
    }

    /** {@code GET /api/status} as JSON. */
    JsonNode status() {
        return JSON.readTree(LocalRouter.status(admin()));
    }

    @Override
    public void close() {
        daemon.close();
    }
}
