package dev.modelrouter.routing;

import dev.modelrouter.config.Tokenizers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hugging Face tokenizers given by Hub model name, as ccr's {@code {"type": "huggingface", "model": ...}}:
 * {@code <endpoint>/<model>/resolve/main/tokenizer.json} is downloaded once into the cache (atomically, and
 * only when it loads) and read from there on later starts, without the network. All of it happens on a
 * thread of its own: neither start-up nor a request waits, and until the tokenizer is there (or when it
 * cannot be had) requests count with the default tokenizer, which the log says once per model.
 */
public final class HubTokenizers {

    private static final Logger LOG = LoggerFactory.getLogger(HubTokenizers.class);

    /** Where models are fetched from without {@code HF_ENDPOINT}. */
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

    private static final int MAX_REDIRECTS = 5;

    private final URI endpoint;
    private final @Nullable String token;
    private final Path cacheDir;
    private final Duration timeout;
    /**
     * Built on first use, on the {@code loader} thread only: building one loads the JDK's TLS context and
     * trust store, some 50 ms of start-up CPU spent for a config that names no Hub tokenizer.
     */
    private @Nullable HttpClient http;

    private final ExecutorService loader = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "hub-tokenizers");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, CompletableFuture<ToIntFunction<String>>> models = new ConcurrentHashMap<>();
    private final Set<String> toldPending = ConcurrentHashMap.newKeySet();

    /**
     * @param endpoint the Hub or a mirror ({@code $HF_ENDPOINT}); blank for {@link #DEFAULT_ENDPOINT}
     * @param token sent as a bearer token to the Hub's own host ({@code $HF_TOKEN}); never logged
     * @param cacheDir where tokenizer.json files are kept ({@code $ROUTER_HOME/cache/tokenizers})
     * @param timeout bound of connecting and of waiting for each answer
     */
    public HubTokenizers(@Nullable String endpoint, @Nullable String token, Path cacheDir, Duration timeout) {
        String base = endpoint == null || endpoint.isBlank() ? DEFAULT_ENDPOINT : endpoint.strip();
        this.endpoint = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.cacheDir = cacheDir;
        this.timeout = timeout;
    }

    /** The client, built on the first download; called on the {@code loader} thread only. */
    private HttpClient http() {
        if (http == null) {
            // redirects are followed by hand, so the token never goes to another host (the Hub's file CDN)
            http = HttpClient.newBuilder()
                    .connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }
        return http;
    }

    /**
     * The tokenizer of Hub {@code model} when it is loaded; empty while it loads (the first call starts
     * that) or after it failed. Never waits.
     */
    public Optional<ToIntFunction<String>> tokenizer(String model) {
        CompletableFuture<ToIntFunction<String>> loading = models.computeIfAbsent(model, this::start);
        if (loading.isDone() && !loading.isCompletedExceptionally()) {
            return Optional.of(loading.join());
        }
        if (!loading.isDone() && toldPending.add(model)) {
            LOG.info("tokenizer {} is still being fetched; counting with cl100k_base until it is loaded", model);
        }
        return Optional.empty();
    }

    /**
     * Starts loading {@code wanted} in the background (from the cache, else the Hub); a model that failed
     * before is tried again, as a reload may have fixed its name or token.
     */
    public void prefetch(Collection<String> wanted) {
        for (String model : wanted) {
            models.compute(model, (m, known) -> known == null || known.isCompletedExceptionally() ? start(m) : known);
        }
    }

    private CompletableFuture<ToIntFunction<String>> start(String model) {
        return CompletableFuture.supplyAsync(() -> load(model), loader).whenComplete((loaded, failed) -> {
            if (failed != null) {
                Throwable cause = failed.getCause() != null ? failed.getCause() : failed;
                LOG.warn("tokenizer {}: {}; counting with cl100k_base instead", model, cause.getMessage());
            }
        });
    }

    private ToIntFunction<String> load(String model) {
        Path file = Tokenizers.cacheFile(cacheDir, model);
        try {
            if (!Files.isRegularFile(file)) {
                download(model, file);
            }
            ToIntFunction<String> tokenizer = HfTokenizer.read(file)::count;
            LOG.info("tokenizer {} loaded from {}", model, file);
            return tokenizer;
        } catch (IOException e) {
            throw new IllegalStateException(String.valueOf(e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching it", e);
        }
    }

    private void download(String model, Path file) throws IOException, InterruptedException {
        URI uri = URI.create(endpoint + "/" + model + "/resolve/main/tokenizer.json");
        Files.createDirectories(file.getParent());
        Path part = Files.createTempFile(file.getParent(), "tokenizer", ".part");
        try {
            HttpResponse<Path> response = fetch(uri, part);
            if (response.statusCode() != 200) {
                throw new IOException(refusal(model, response.uri(), response.statusCode()));
            }
            try {
                HfTokenizer.read(part);
            } catch (IOException | RuntimeException e) {
                throw new IOException(uri + " is not a tokenizer.json the router can read: " + e.getMessage());
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (java.net.http.HttpTimeoutException e) {
            throw new IOException("no answer from " + uri + " in time (" + e.getMessage() + ")");
        } catch (java.net.ConnectException e) {
            throw new IOException("cannot connect to " + endpoint + " (" + e.getMessage() + ")");
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private HttpResponse<Path> fetch(URI first, Path part) throws IOException, InterruptedException {
        URI uri = first;
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(uri).timeout(timeout).GET();
            if (token != null && Objects.equals(uri.getHost(), endpoint.getHost())) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<Path> response = send(request.build(), part);
            Optional<String> location = response.headers().firstValue("location");
            if (response.statusCode() / 100 != 3 || location.isEmpty() || hop == MAX_REDIRECTS) {
                return response;
            }
            uri = uri.resolve(location.get());
        }
    }

    /** One exchange, its body included, within four timeouts: a mirror that stalls mid-file is given up. */
    private HttpResponse<Path> send(HttpRequest request, Path part) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<Path>> exchange =
                http().sendAsync(request, HttpResponse.BodyHandlers.ofFile(part));
        try {
            return exchange.get(timeout.multipliedBy(4).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new java.net.http.HttpTimeoutException("no whole answer within " + timeout.multipliedBy(4));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    private static String refusal(String model, URI uri, int status) {
        String why = status == 401 || status == 403
                ? " (a gated or private model: set HF_TOKEN to a token that may read it)"
                : status == 404 ? " (no such model, or it has no tokenizer.json: check the name)" : "";
        return "the Hub answered " + status + " for " + uri + why;
    }
}
