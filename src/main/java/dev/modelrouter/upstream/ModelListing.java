package dev.modelrouter.upstream;

import dev.modelrouter.config.AuthStyle;
import dev.modelrouter.config.LearnedLimits;
import dev.modelrouter.config.ModelLimits;
import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.model.WireProtocol;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Learns models' windows from the providers whose models endpoint reports them, in the background:
 * OpenRouter's {@code GET /models} ({@code context_length}, {@code top_provider.max_completion_tokens})
 * and Gemini's {@code GET models} ({@code inputTokenLimit}, {@code outputTokenLimit}). Each call has a
 * bounded timeout and nothing waits for it; until it answers, and when it fails, the config and the
 * built-in table answer as before. Other OpenAI-compatible {@code /models} endpoints report no window,
 * so they are not asked.
 *
 * @see <a href="https://openrouter.ai/docs/api-reference/list-available-models">OpenRouter: list models</a>
 * @see <a href="https://ai.google.dev/api/models#method:-models.list">Gemini: models.list</a>
 */
public final class ModelListing {

    private static final Logger LOG = LoggerFactory.getLogger(ModelListing.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Duration timeout;

    public ModelListing(Duration timeout) {
        this.timeout = timeout;
    }

    /** Asks every provider that reports windows; the future completes when all have answered or failed. */
    public CompletableFuture<Void> learn(RouterConfig config, LearnedLimits into) {
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        // built only when some provider is to be asked: a client loads the JDK's TLS context and trust
        // store (some 600 classes) on the main thread, right as the first requests come in
        HttpClient http = null;
        for (ProviderConfig p : config.providers()) {
            URI uri = endpoint(p);
            if (uri != null) {
                http = http != null
                        ? http
                        : HttpClient.newBuilder().connectTimeout(timeout).build();
                calls.add(ask(http, p, uri, into));
            }
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> ask(HttpClient http, ProviderConfig p, URI uri, LearnedLimits into) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(timeout).GET().header("accept", "application/json");
        if (p.hasKey()) {
            String key = p.apiKeys().get(0);
            if (p.auth() == AuthStyle.GOOG_API_KEY) {
                request.header("x-goog-api-key", key);
            } else if (p.auth() == AuthStyle.X_API_KEY) {
                request.header("x-api-key", key);
            } else {
                request.header("authorization", "Bearer " + key);
            }
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .orTimeout(timeout.toMillis() * 2, java.util.concurrent.TimeUnit.MILLISECONDS)
                .thenAccept(response -> {
                    if (response.statusCode() / 100 != 2) {
                        LOG.info(
                                "{}'s models endpoint answered HTTP {}; its windows come from config.json and the"
                                        + " built-in table",
                                p.name(),
                                response.statusCode());
                        return;
                    }
                    Map<String, ModelLimits> models = parse(response.body());
                    try {
                        into.put(p.name(), models);
                        LOG.info("learned the windows of {} models from {}'s models endpoint", models.size(), p.name());
                    } catch (IOException e) {
                        LOG.info("cannot keep the windows learned from {}: {}", p.name(), e.toString());
                    }
                })
                .exceptionally(e -> {
                    LOG.info(
                            "{}'s models endpoint did not answer ({}); its windows come from config.json and the"
                                    + " built-in table",
                            p.name(),
                            // as text: a Throwable last would be taken for the line's stack trace
                            String.valueOf(e.getCause() == null ? e : e.getCause()));
                    return null;
                });
    }

    /** The models endpoint of a provider that reports windows, {@code null} for others. */
    static @Nullable URI endpoint(ProviderConfig p) {
        String url = p.apiBaseUrl().toString();
        if (p.protocol() == WireProtocol.GEMINI) {
            return URI.create((url.endsWith("/") ? url : url + "/") + "models?pageSize=1000");
        }
        boolean openRouter = p.apiBaseUrl().getHost().toLowerCase(Locale.ROOT).endsWith("openrouter.ai")
                || p.transformer().path("use").toString().contains("\"openrouter\"");
        if (openRouter && p.protocol() == WireProtocol.OPENAI && url.endsWith("/chat/completions")) {
            return URI.create(url.substring(0, url.length() - "/chat/completions".length()) + "/models");
        }
        return null;
    }

    /** The windows an OpenRouter or Gemini models listing reports, by model name. */
    static Map<String, ModelLimits> parse(String body) {
        Map<String, ModelLimits> out = new HashMap<>();
        JsonNode doc;
        try {
            doc = JSON.readTree(body);
        } catch (JacksonException e) {
            return out;
        }
        for (JsonNode m : doc.path("data")) {
            int context = m.path("context_length").asInt(0);
            int output = m.path("top_provider").path("max_completion_tokens").asInt(0);
            put(out, m.path("id").asString(""), context, output);
        }
        for (JsonNode m : doc.path("models")) {
            String name = m.path("name").asString("");
            put(
                    out,
                    name.startsWith("models/") ? name.substring("models/".length()) : name,
                    m.path("inputTokenLimit").asInt(0),
                    m.path("outputTokenLimit").asInt(0));
        }
        return out;
    }

    private static void put(Map<String, ModelLimits> out, String model, int context, int output) {
        if (!model.isEmpty() && (context > 0 || output > 0)) {
            out.put(model, new ModelLimits(context, output, ModelLimits.Source.PROVIDER));
        }
    }
}
