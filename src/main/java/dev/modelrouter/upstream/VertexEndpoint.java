package dev.modelrouter.upstream;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where ccr's three Vertex AI flavours send a request. The model is in the URL, never in the body:
 * <ul>
 *   <li>{@code vertex-gemini}: {@code publishers/google/models/M:generateContent} or
 *       {@code :streamGenerateContent?alt=sse} (https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference);
 *   <li>{@code vertex-claude}: {@code publishers/anthropic/models/M:rawPredict} or {@code :streamRawPredict},
 *       with {@code anthropic_version: vertex-2023-10-16} in the body
 *       (https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/claude/use-claude);
 *   <li>{@code vertex-openai}: the OpenAI-compatible {@code endpoints/openapi/chat/completions}, which takes
 *       {@code publisher/model} in the body (https://cloud.google.com/vertex-ai/generative-ai/docs/migrate/openai/overview).
 * </ul>
 * Region {@code global} has no region prefix in its host.
 *
 * @param project the Google Cloud project
 * @param region a region such as {@code us-east5}, or {@code global}
 */
public record VertexEndpoint(String project, String region) {

    /** The body field Anthropic-on-Vertex requires in place of the model. */
    public static final String ANTHROPIC_VERSION = "vertex-2023-10-16";

    /** ccr's flavours, by transformer name. */
    public enum Flavour {
        GEMINI("vertex-gemini"),
        CLAUDE("vertex-claude"),
        OPENAI("vertex-openai");

        private final String transformer;

        Flavour(String transformer) {
            this.transformer = transformer;
        }

        public String transformer() {
            return transformer;
        }

        public static Optional<Flavour> of(String transformer) {
            for (Flavour f : values()) {
                if (f.transformer.equals(transformer.trim().toLowerCase(Locale.ROOT))) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Project and region from the provider's options ({@code project}/{@code projectId}, {@code location}/{@code region}),
     * else {@code GOOGLE_CLOUD_PROJECT}/{@code GOOGLE_CLOUD_LOCATION} as ccr reads them, else the credentials'
     * project and {@code us-central1}.
     */
    public static VertexEndpoint of(
            Map<String, String> options, Map<String, String> env, Optional<String> credentialsProject) {
        return of(options, env, credentialsProject, "us-central1");
    }

    /**
     * As {@link #of(Map, Map, Optional)} with the region ccr's transformer for {@code flavour} falls back to:
     * {@code us-east5} for Claude (few regions serve it), {@code us-central1} otherwise.
     */
    public static VertexEndpoint of(
            Flavour flavour,
            Map<String, String> options,
            Map<String, String> env,
            Optional<String> credentialsProject) {
        return of(options, env, credentialsProject, flavour == Flavour.CLAUDE ? "us-east5" : "us-central1");
    }

    private static VertexEndpoint of(
            Map<String, String> options,
            Map<String, String> env,
            Optional<String> credentialsProject,
            String defaultRegion) {
        String project = first(
                options.get("project"),
                options.get("projectId"),
                env.get("GOOGLE_CLOUD_PROJECT"),
                credentialsProject.orElse(null));
        if (project == null) {
            throw new IllegalArgumentException(
                    "no Google Cloud project: set the provider's \"project\" option or" + " GOOGLE_CLOUD_PROJECT");
        }
        String region =
                first(options.get("location"), options.get("region"), env.get("GOOGLE_CLOUD_LOCATION"), defaultRegion);
        return new VertexEndpoint(project, region);
    }

    /** The URI of one call; {@code base} replaces Google's host (a test's fake upstream, a private endpoint). */
    public URI uri(Flavour flavour, String model, boolean stream, Optional<URI> base) {
        String host = base.map(b -> b.toString().replaceAll("/+$", ""))
                .orElse(
                        region.equals("global")
                                ? "https://aiplatform.googleapis.com"
                                : "https://" + region + "-aiplatform.googleapis.com");
        String prefix = host + "/v1/projects/" + ProviderEndpoint.segment(project) + "/locations/"
                + ProviderEndpoint.segment(region);
        // one path segment, as for Gemini; '@' stays, as Claude's versioned ids carry it (claude-sonnet-4@20250514)
        model = ProviderEndpoint.segment(model).replace("%40", "@");
        return URI.create(
                switch (flavour) {
                    case GEMINI ->
                        prefix + "/publishers/google/models/" + model
                                + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
                    case CLAUDE ->
                        prefix + "/publishers/anthropic/models/" + model
                                + (stream ? ":streamRawPredict" : ":rawPredict");
                    case OPENAI -> prefix + "/endpoints/openapi/chat/completions";
                });
    }

    private static @org.jspecify.annotations.Nullable String first(
            @org.jspecify.annotations.Nullable String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
