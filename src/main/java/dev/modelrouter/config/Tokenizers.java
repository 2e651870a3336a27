package dev.modelrouter.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * {@code Providers[].tokenizer} as claude-code-router 2.x reads it: one spec
 * ({@code {"type": "tiktoken", "encoding": "o200k_base"}}) or {@code {"default": spec, "models": {model: spec}}}.
 * Types: {@code tiktoken} (an encoding jtokkit has), {@code huggingface} (a byte-level BPE, SentencePiece BPE or Unigram
 * {@code tokenizer.json} given by {@code path}, or by Hub {@code model} name as ccr does, downloaded once
 * into {@code $ROUTER_HOME/cache/tokenizers}) and {@code api} (the provider's own count endpoint).
 */
public final class Tokenizers {

    /** The encodings jtokkit ships. */
    public static final List<String> ENCODINGS =
            List.of("cl100k_base", "o200k_base", "p50k_base", "p50k_edit", "r50k_base");

    /** One tokenizer. */
    public sealed interface Spec {
        /** @param encoding one of {@link #ENCODINGS} */
        record Tiktoken(String encoding) implements Spec {}

        /** @param file a Hugging Face tokenizer.json */
        record HuggingFace(Path file) implements Spec {}

        /** @param model a Hugging Face Hub model ({@code Qwen/Qwen2.5-Coder-32B-Instruct}) whose tokenizer.json is fetched */
        record Hub(String model) implements Spec {}

        /** The provider's own count endpoint; routing still estimates locally, as a route cannot wait on it. */
        record Api() implements Spec {}
    }

    /** A Hub model name: {@code owner/name} or {@code name}, as the Hub spells repositories. */
    private static final Pattern HUB_MODEL =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?");

    private Tokenizers() {}

    /** Where the tokenizer.json of Hub {@code model} is kept under {@code cacheDir}; {@code /} becomes {@code --}. */
    public static Path cacheFile(Path cacheDir, String model) {
        return cacheDir.resolve(model.replace("/", "--")).resolve("tokenizer.json");
    }

    /** The Hub models whose tokenizers {@code config}'s providers name, so they can be fetched ahead of use. */
    public static Set<String> hubModels(RouterConfig config) {
        Set<String> models = new TreeSet<>();
        for (JsonNode p : providers(config)) {
            JsonNode tokenizer = p.path("tokenizer");
            List<JsonNode> specs = new ArrayList<>();
            specs.add(tokenizer);
            specs.add(tokenizer.path("default"));
            tokenizer.path("models").values().forEach(specs::add);
            for (JsonNode node : specs) {
                if (spec(node, config.source()) instanceof Spec.Hub hub) {
                    models.add(hub.model());
                }
            }
        }
        return models;
    }

    private static JsonNode providers(RouterConfig config) {
        return config.raw().has("Providers")
                ? config.raw().path("Providers")
                : config.raw().path("providers");
    }

    /** The tokenizer {@code config} gives {@code provider}'s {@code model}, if any. */
    public static Optional<Spec> of(RouterConfig config, String provider, String model) {
        for (JsonNode p : providers(config)) {
            if (p.path("name").asString("").equalsIgnoreCase(provider)
                    && p.path("tokenizer").isObject()) {
                JsonNode tokenizer = p.get("tokenizer");
                JsonNode chosen = tokenizer.path("models").path(model);
                if (!chosen.isObject()) {
                    chosen = tokenizer.path("default").isObject() ? tokenizer.get("default") : tokenizer;
                }
                return Optional.ofNullable(spec(chosen, config.source()));
            }
        }
        return Optional.empty();
    }

    private static @Nullable Spec spec(JsonNode node, Path source) {
        String type = node.path("type").asString("").toLowerCase(Locale.ROOT);
        return switch (type) {
            case "tiktoken" ->
                new Spec.Tiktoken(node.path("encoding").asString("cl100k_base").toLowerCase(Locale.ROOT));
            case "huggingface" ->
                hubModel(node) != null
                        ? new Spec.Hub(hubModel(node))
                        : new Spec.HuggingFace(RouterConfig.resolveBeside(source, file(node)));
            case "api" -> new Spec.Api();
            default -> null;
        };
    }

    /**
     * The Hub model of a spec that gives {@code model} and no {@code path}; null for a {@code model} that
     * is a file ({@code .json}, or a path), which older router configs wrote there.
     */
    private static @Nullable String hubModel(JsonNode node) {
        String path = node.path("path").asString("");
        String model = node.path("model").asString("").strip();
        return path.isBlank()
                        && !model.endsWith(".json")
                        && HUB_MODEL.matcher(model).matches()
                ? model
                : null;
    }

    private static String file(JsonNode node) {
        String path = node.path("path").asString("");
        return path.isBlank() ? node.path("model").asString("") : path;
    }

    /** Checks every provider's {@code tokenizer}, so a wrong one stops the config loading rather than counting wrong. */
    static void check(JsonNode providers, String path, Path source, Findings findings) {
        // a Providers that is not a list is reported where the providers are read
        if (!providers.isArray()) {
            return;
        }
        for (int i = 0; i < providers.size(); i++) {
            JsonNode tokenizer = providers.get(i).path("tokenizer");
            String at = Findings.field(Findings.index(path, i), "tokenizer");
            if (tokenizer.isMissingNode() || tokenizer.isNull()) {
                continue;
            }
            if (!tokenizer.isObject()) {
                findings.error(
                        at,
                        "expected {\"type\": \"tiktoken\", \"encoding\": \"cl100k_base\"} or {\"default\": ...,"
                                + " \"models\": {...}}, got " + ValueReader.show(tokenizer));
                continue;
            }
            if (tokenizer.has("type") || !tokenizer.has("default") && !tokenizer.has("models")) {
                checkOne(tokenizer, at, source, findings);
            }
            if (tokenizer.has("default")) {
                checkOne(tokenizer.get("default"), Findings.field(at, "default"), source, findings);
            }
            for (Map.Entry<String, JsonNode> m : tokenizer.path("models").properties()) {
                checkOne(m.getValue(), Findings.field(Findings.field(at, "models"), m.getKey()), source, findings);
            }
        }
    }

    private static void checkOne(JsonNode node, String at, Path source, Findings findings) {
        String type = node.path("type").asString("").toLowerCase(Locale.ROOT);
        switch (type) {
            case "tiktoken" -> {
                String encoding = node.path("encoding").asString("cl100k_base").toLowerCase(Locale.ROOT);
                if (!ENCODINGS.contains(encoding)) {
                    findings.error(
                            Findings.field(at, "encoding"),
                            "unknown tiktoken encoding '" + encoding + "' (known: " + String.join(", ", ENCODINGS)
                                    + ")");
                }
            }
            case "huggingface" -> {
                if (hubModel(node) != null) {
                    return;
                }
                String file = file(node);
                Path resolved = file.isBlank() ? null : RouterConfig.resolveBeside(source, file);
                if (resolved == null || !Files.isRegularFile(resolved)) {
                    findings.error(
                            at,
                            "a huggingface tokenizer needs \"path\" (a local tokenizer.json) or \"model\" (a Hub"
                                    + " model such as Qwen/Qwen2.5-Coder-32B-Instruct)"
                                    + (resolved == null ? "" : "; no file at " + resolved));
                }
            }
            case "api" -> {
                if (node.has("url")) {
                    findings.warn(
                            Findings.field(at, "url"),
                            "ignored: count_tokens asks the provider's own count"
                                    + " endpoint (Anthropic /v1/messages/count_tokens, Gemini countTokens)");
                }
            }
            default ->
                findings.error(
                        Findings.field(at, "type"),
                        "expected \"tiktoken\", \"huggingface\" or \"api\", got "
                                + ValueReader.show(node.path("type")));
        }
    }
}
