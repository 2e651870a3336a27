package dev.modelrouter.upstream;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Google application-default credentials for Vertex AI, as ccr's {@code vertex-*} transformers use them:
 * the service-account or user JSON named by {@code GOOGLE_APPLICATION_CREDENTIALS}, else gcloud's
 * {@code ~/.config/gcloud/application_default_credentials.json}. Google's library caches the access token
 * and refreshes it before it expires; the refresh is blocking HTTP, so it runs on boundedElastic and never
 * on an event-loop thread.
 */
public final class VertexCredentials {

    /** The scope Vertex AI takes (https://cloud.google.com/vertex-ai/docs/authentication). */
    static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";

    private final GoogleCredentials credentials;
    private final Path file;

    private VertexCredentials(GoogleCredentials credentials, Path file) {
        this.credentials = credentials;
        this.file = file;
    }

    /**
     * The credentials {@code env} points at.
     *
     * @throws IllegalArgumentException naming the file when there is none or it does not read
     */
    public static VertexCredentials fromEnvironment(Map<String, String> env) {
        return fromFile(file(env));
    }

    /**
     * The credentials in {@code file}: a service-account or gcloud user JSON.
     *
     * @throws IllegalArgumentException naming the file when there is none or it does not read
     */
    public static VertexCredentials fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "no Google credentials at " + file + ": set GOOGLE_APPLICATION_CREDENTIALS"
                            + " to a service-account JSON or run `gcloud auth application-default login`");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return new VertexCredentials(GoogleCredentials.fromStream(in).createScoped(List.of(SCOPE)), file);
        } catch (IOException e) {
            throw new IllegalArgumentException("Google credentials " + file + " do not read: " + e.getMessage());
        }
    }

    /**
     * A service account given as ccr's {@code vertex-openai} options give it: {@code client_email} and
     * {@code private_key} (PEM, its newlines possibly written as {@code \\n}); {@code tokenUri} replaces
     * Google's token endpoint when not {@code null}.
     *
     * @throws IllegalArgumentException when the key does not read
     */
    public static VertexCredentials fromServiceAccount(
            String clientEmail, String privateKey, @Nullable String tokenUri) {
        Map<String, String> json = new java.util.LinkedHashMap<>();
        json.put("type", "service_account");
        // Google's reader insists on these two, which ccr's options do not carry and a token grant does not use
        json.put("client_id", "");
        json.put("private_key_id", "");
        json.put("client_email", clientEmail);
        json.put("private_key", privateKey.replace("\\n", "\n"));
        if (tokenUri != null) {
            json.put("token_uri", tokenUri);
        }
        byte[] bytes = tools.jackson.databind.json.JsonMapper.shared().writeValueAsBytes(json);
        try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
            return new VertexCredentials(
                    GoogleCredentials.fromStream(in).createScoped(List.of(SCOPE)),
                    Path.of("options of " + clientEmail));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "the service account " + clientEmail + " does not read: " + e.getMessage());
        }
    }

    static Path file(Map<String, String> env) {
        String named = env.getOrDefault("GOOGLE_APPLICATION_CREDENTIALS", "").trim();
        if (!named.isEmpty()) {
            return Path.of(named);
        }
        String config = env.getOrDefault("CLOUDSDK_CONFIG", "").trim();
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return (config.isEmpty() ? Path.of(home, ".config", "gcloud") : Path.of(config))
                .resolve("application_default_credentials.json");
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    /** The project the credentials belong to (a service account's, a user's quota project), if they name one. */
    public Optional<String> project() {
        if (credentials instanceof ServiceAccountCredentials sa && sa.getProjectId() != null) {
            return Optional.of(sa.getProjectId());
        }
        return Optional.ofNullable(credentials.getQuotaProjectId());
    }

    /** A current access token: the cached one, or a fresh one fetched off the event loop. */
    public Mono<String> token() {
        return Mono.fromCallable(this::currentToken).subscribeOn(Schedulers.boundedElastic());
    }

    private String currentToken() throws IOException {
        credentials.refreshIfExpired();
        @Nullable AccessToken token = credentials.getAccessToken();
        if (token == null) {
            throw new IOException("Google returned no access token for " + file);
        }
        return token.getTokenValue();
    }
}
