package dev.modelrouter.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Limits that providers' models endpoints reported (OpenRouter's {@code context_length}, Gemini's
 * {@code inputTokenLimit}), kept in {@code $ROUTER_HOME/learned-limits.json} so that the next start, and
 * client commands such as {@code router code} and the status line, know them without asking the
 * provider again. Thread-safe: the daemon learns in the background while requests read.
 */
public final class LearnedLimits {

    /** The cache file's name in the router's home. */
    public static final String FILE = "learned-limits.json";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final @Nullable Path file;
    private final Map<String, Map<String, ModelLimits>> byProvider = new ConcurrentHashMap<>();

    private LearnedLimits(@Nullable Path file) {
        this.file = file;
    }

    /** Nothing learned, and nowhere to keep it. */
    public static LearnedLimits none() {
        return new LearnedLimits(null);
    }

    /** What {@code home}'s cache holds; empty when it is missing or unreadable. */
    public static LearnedLimits of(RouterHome home) {
        LearnedLimits learned = new LearnedLimits(home.dir().resolve(FILE));
        learned.load();
        return learned;
    }

    /** What was learned of {@code provider}'s {@code model}, {@link ModelLimits#UNKNOWN} when nothing. */
    public ModelLimits get(String provider, String model) {
        Map<String, ModelLimits> models = byProvider.get(provider.toLowerCase(Locale.ROOT));
        ModelLimits limits = models == null ? null : models.get(model);
        return limits == null ? ModelLimits.UNKNOWN : limits;
    }

    /** What any provider reported of {@code model}, {@link ModelLimits#UNKNOWN} when none did. */
    public ModelLimits find(String model) {
        for (Map<String, ModelLimits> models : byProvider.values()) {
            ModelLimits limits = models.get(model);
            if (limits != null) {
                return limits;
            }
        }
        return ModelLimits.UNKNOWN;
    }

    /** Replaces what is known of {@code provider} with {@code models} and writes the cache. */
    public void put(String provider, Map<String, ModelLimits> models) throws IOException {
        byProvider.put(provider.toLowerCase(Locale.ROOT), Map.copyOf(models));
        save();
    }

    private void load() {
        if (file == null || !Files.isRegularFile(file)) {
            return;
        }
        try {
            JsonNode doc = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            for (Map.Entry<String, JsonNode> p : doc.properties()) {
                Map<String, ModelLimits> models = new ConcurrentHashMap<>();
                for (Map.Entry<String, JsonNode> m : p.getValue().properties()) {
                    models.put(
                            m.getKey(),
                            new ModelLimits(
                                    m.getValue().path("context").asInt(0),
                                    m.getValue().path("max_output").asInt(0),
                                    ModelLimits.Source.PROVIDER));
                }
                byProvider.put(p.getKey(), models);
            }
        } catch (IOException | JacksonException e) {
            // a cache: when it cannot be read, the next start learns again
        }
    }

    private synchronized void save() throws IOException {
        if (file == null) {
            return;
        }
        ObjectNode doc = JSON.createObjectNode();
        byProvider.forEach((provider, models) -> {
            ObjectNode p = doc.putObject(provider);
            models.forEach((model, limits) ->
                    p.putObject(model).put("context", limits.context()).put("max_output", limits.maxOutput()));
        });
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.writeString(tmp, doc.toPrettyString(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
