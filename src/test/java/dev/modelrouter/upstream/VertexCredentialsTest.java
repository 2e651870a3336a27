package dev.modelrouter.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vertex AI's credentials against a fake Google token endpoint on loopback, and its URL layout. */
class VertexCredentialsTest {

    @TempDir
    Path tmp;

    HttpServer tokens;
    final List<String> grants = new CopyOnWriteArrayList<>();
    final AtomicInteger issued = new AtomicInteger();
    volatile int expiresIn = 3600;

    @BeforeEach
    void fakeTokenEndpoint() throws Exception {
        tokens = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        tokens.createContext("/token", exchange -> {
            grants.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = ("{\"access_token\":\"ya29.token-" + issued.incrementAndGet() + "\",\"expires_in\":"
                            + expiresIn + ",\"token_type\":\"Bearer\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        tokens.start();
    }

    @AfterEach
    void stop() {
        tokens.stop(0);
    }

    private Path serviceAccount() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\\n"
                + Base64.getEncoder()
                        .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
                + "\\n-----END PRIVATE KEY-----\\n";
        Path file = tmp.resolve("sa.json");
        Files.writeString(file, """
                {"type": "service_account", "project_id": "sa-project", "private_key_id": "k1",
                 "private_key": "%s", "client_email": "router@sa-project.iam.gserviceaccount.com",
                 "client_id": "1", "token_uri": "http://127.0.0.1:%d/token"}
                """.formatted(pem, tokens.getAddress().getPort()));
        return file;
    }

    @Test
    void serviceAccountTokenIsFetchedOffTheEventLoopCachedAndRefreshedBeforeItExpires() throws Exception {
        VertexCredentials credentials = VertexCredentials.fromEnvironment(
                Map.of("GOOGLE_APPLICATION_CREDENTIALS", serviceAccount().toString()));
        assertThat(credentials.project()).contains("sa-project");
        expiresIn = 1;

        String first = credentials.token().block(Duration.ofSeconds(30));
        String thread =
                credentials.token().map(t -> Thread.currentThread().getName()).block(Duration.ofSeconds(30));

        assertThat(first).isEqualTo("ya29.token-1");
        assertThat(thread).startsWith("boundedElastic");
        assertThat(issued).as("a token about to expire is refreshed").hasValue(2);
        assertThat(grants.get(0)).contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer");

        expiresIn = 3600;
        assertThat(credentials.token().block(Duration.ofSeconds(30))).isEqualTo("ya29.token-3");
        assertThat(credentials.token().block(Duration.ofSeconds(30)))
                .as("cached")
                .isEqualTo("ya29.token-3");
        assertThat(issued).hasValue(3);
    }

    @Test
    void gcloudUserCredentialsAreFoundWithoutTheVariableAndAMissingFileSaysWhatToDo() throws Exception {
        Path gcloud = Files.createDirectories(tmp.resolve("home/.config/gcloud"));
        Files.writeString(gcloud.resolve("application_default_credentials.json"), """
                {"type": "authorized_user", "client_id": "c", "client_secret": "s", "refresh_token": "r",
                 "quota_project_id": "quota-project"}
                """);

        VertexCredentials user = VertexCredentials.fromEnvironment(
                Map.of("HOME", tmp.resolve("home").toString()));

        assertThat(user.file()).isEqualTo(gcloud.resolve("application_default_credentials.json"));
        assertThat(user.project()).contains("quota-project");
        assertThatThrownBy(() -> VertexCredentials.fromEnvironment(
                        Map.of("HOME", tmp.resolve("nobody").toString())))
                .hasMessageContaining("gcloud auth application-default login");
    }

    @Test
    void eachFlavourPutsTheModelInTheUrlOfItsRegion() {
        VertexEndpoint east = VertexEndpoint.of(
                Map.of("project", "p1"), Map.of("GOOGLE_CLOUD_LOCATION", "us-east5"), Optional.of("ignored"));
        String base = "https://us-east5-aiplatform.googleapis.com/v1/projects/p1/locations/us-east5";

        assertThat(east.uri(VertexEndpoint.Flavour.CLAUDE, "claude-sonnet-4@20250514", true, Optional.empty()))
                .isEqualTo(URI.create(base + "/publishers/anthropic/models/claude-sonnet-4@20250514:streamRawPredict"));
        assertThat(east.uri(VertexEndpoint.Flavour.CLAUDE, "claude-sonnet-4@20250514", false, Optional.empty()))
                .isEqualTo(URI.create(base + "/publishers/anthropic/models/claude-sonnet-4@20250514:rawPredict"));
        assertThat(east.uri(VertexEndpoint.Flavour.GEMINI, "gemini-2.5-pro", true, Optional.empty()))
                .isEqualTo(URI.create(base + "/publishers/google/models/gemini-2.5-pro:streamGenerateContent?alt=sse"));
        assertThat(east.uri(VertexEndpoint.Flavour.OPENAI, "google/gemini-2.5-pro", true, Optional.empty()))
                .isEqualTo(URI.create(base + "/endpoints/openapi/chat/completions"));
        VertexEndpoint global =
                VertexEndpoint.of(Map.of(), Map.of("GOOGLE_CLOUD_LOCATION", "global"), Optional.of("sa-project"));
        assertThat(global.uri(
                        VertexEndpoint.Flavour.GEMINI, "g", false, Optional.of(URI.create("http://127.0.0.1:9/"))))
                .isEqualTo(
                        URI.create(
                                "http://127.0.0.1:9/v1/projects/sa-project/locations/global/publishers/google/models/g:generateContent"));
        assertThat(VertexEndpoint.Flavour.of("Vertex-Claude")).contains(VertexEndpoint.Flavour.CLAUDE);
        assertThatThrownBy(() -> VertexEndpoint.of(Map.of(), Map.of(), Optional.empty()))
                .hasMessageContaining("GOOGLE_CLOUD_PROJECT");
    }
}
