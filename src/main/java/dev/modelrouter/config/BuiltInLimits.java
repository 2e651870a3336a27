package dev.modelrouter.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The limits of well-known model families, from the one data file {@code model-limits.json} in the
 * jar: the first family whose pattern is found in the model name wins.
 */
public final class BuiltInLimits {

    /** The data file, at the root of the class path. */
    static final String RESOURCE = "/model-limits.json";

    private static final BuiltInLimits BUNDLED = load();

    private record Family(Pattern pattern, ModelLimits limits) {}

    // model names come from config and the clients' explicit routes: few, and asked on every request
    private static final int MEMO_MAX = 4096;

    private final List<Family> families;
    private final Map<String, ModelLimits> memo = new ConcurrentHashMap<>();

    private BuiltInLimits(List<Family> families) {
        this.families = List.copyOf(families);
    }

    /** The table bundled in the jar. */
    public static BuiltInLimits bundled() {
        return BUNDLED;
    }

    /** The limits of {@code model}'s family, {@link ModelLimits#UNKNOWN} when no family matches. */
    public ModelLimits find(String model) {
        ModelLimits known = memo.get(model);
        if (known != null) {
            return known;
        }
        ModelLimits found = match(model);
        if (memo.size() < MEMO_MAX) {
            memo.put(model, found);
        }
        return found;
    }

    private ModelLimits match(String model) {
        for (Family f : families) {
            if (f.pattern.matcher(model).find()) {
                return f.limits;
            }
        }
        return ModelLimits.UNKNOWN;
    }

    private static BuiltInLimits load() {
        try (InputStream in = BuiltInLimits.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            JsonNode doc = JsonMapper.builder().build().readTree(in);
            List<Family> families = new ArrayList<>();
            for (JsonNode f : doc.path("families")) {
                families.add(new Family(
                        Pattern.compile(f.path("pattern").asString(), Pattern.CASE_INSENSITIVE),
                        new ModelLimits(
                                f.path("context").asInt(0),
                                f.path("max_output").asInt(0),
                                ModelLimits.Source.BUILT_IN)));
            }
            return new BuiltInLimits(families);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
