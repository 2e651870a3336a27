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
        Path file = file(env);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no Google credentials at " + file + ": set GOOGLE_APPLICATION_CREDENTIALS"
                    + " to a service-account JSON or run `gcloud auth application-default login`");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return new VertexCredentials(GoogleCredentials.fromStream(in).createScoped(List.of(SCOPE)), file);
        } catch (IOException e) {
            throw new IllegalArgumentException("Google credentials " + file + " do not read: " + e.getMessage());
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
