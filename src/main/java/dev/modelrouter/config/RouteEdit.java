package dev.modelrouter.config;

import dev.modelrouter.model.Scenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Sets one {@code Router} entry in config text by replacing only that value's characters, so comments,
 * key order, formatting and {@code $VAR} references elsewhere in the file survive. A list of targets
 * (a fallback chain) is replaced by the single target. A missing entry is added at the top of
 * {@code Router}; a missing {@code Router} at the top of the file.
 */
public final class RouteEdit {

    private static final String SCENARIOS = Stream.of(Scenario.values())
            .filter(Scenario::configurable)
            .map(Scenario::key)
            .collect(Collectors.joining(", "));

    private RouteEdit() {}

    /**
     * Checks the request against the config {@code text} describes, edits the text, and validates the result.
     *
     * @param scenarioKey a {@code Router} key such as {@code think}, any case
     * @param targetText {@code provider,model}; the provider matched ignoring case, the model exactly
     * @return the edited text, valid
     * @throws IllegalArgumentException for an unknown scenario, a malformed target, an unknown provider or model
     * @throws ConfigException when {@code text} does not validate, before or after the edit
     */
    public static String setRoute(
            String text, String scenarioKey, String targetText, Path source, Map<String, String> env)
            throws ConfigException {
        Scenario scenario = Scenario.fromKey(scenarioKey)
                .filter(Scenario::configurable)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown scenario '" + scenarioKey + "'; use one of " + SCENARIOS));
        Target wanted = Target.parse(targetText)
                .orElseThrow(
                        () -> new IllegalArgumentException("expected \"provider,model\", got \"" + targetText + "\""));
        RouterConfig base = ConfigLoader.parse(text, source, env);
        ProviderConfig provider = base.provider(wanted.provider())
                .orElseThrow(() -> new IllegalArgumentException("unknown provider '" + wanted.provider()
                        + "'; configured providers: "
                        + base.providers().stream().map(ProviderConfig::name).collect(Collectors.joining(", "))));
        if (!provider.hasModel(wanted.model())) {
            throw new IllegalArgumentException("provider '" + provider.name() + "' has no model '" + wanted.model()
                    + "'; its models: " + String.join(", ", provider.models()));
        }
        String edited = setRoute(text, scenario, new Target(provider.name(), wanted.model()));
        ConfigLoader.parse(edited, source, env);
        return edited;
    }

    /**
     * @param text the config text (JSON5)
     * @param scenario a configurable scenario
     * @param target the new {@code provider,model}
     * @return the edited text
     * @throws IllegalArgumentException when the text is not a JSON object or its {@code Router} is not an object
     */
    public static String setRoute(String text, Scenario scenario, Target target) {
        if (text.startsWith("\uFEFF")) {
            return "\uFEFF" + setRoute(text.substring(1), scenario, target);
        }
        String value = quote(target.toString());
        try (JsonParser p = JsonTrees.parser(JsonTrees.JSON5, text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("the config is not a JSON object");
            }
            int rootOpen = offset(p, true);
            boolean rootEmpty = true;
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                rootEmpty = false;
                String name = p.currentName();
                JsonToken token = p.nextToken();
                if (!name.equals("Router")) {
                    p.skipChildren();
                    continue;
                }
                if (token != JsonToken.START_OBJECT) {
                    throw new IllegalArgumentException("Router is not an object; fix it first");
                }
                return editRouter(text, p, scenario, value);
            }
            String entry = "\"Router\": {\"" + scenario.key() + "\": " + value + "}" + (rootEmpty ? "" : ",");
            return text.substring(0, rootOpen + 1) + "\n  " + entry + text.substring(rootOpen + 1);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the config is not valid JSON5: " + e.getOriginalMessage(), e);
        }
    }

    private static String editRouter(String text, JsonParser p, Scenario scenario, String value) {
        int open = offset(p, true);
        boolean empty = true;
        List<int[]> spans = new ArrayList<>();
        while (p.nextToken() == JsonToken.PROPERTY_NAME) {
            empty = false;
            String key = p.currentName();
            JsonToken token = p.nextToken();
            int start = offset(p, true);
            if (token.isStructStart()) {
                p.skipChildren();
            } else {
                p.getString();
            }
            if (Scenario.fromKey(key).filter(s -> s == scenario).isPresent()) {
                spans.add(new int[] {start, offset(p, false)});
            }
        }
        if (spans.isEmpty()) {
            String entry = "\"" + scenario.key() + "\": " + value + (empty ? "" : ",");
            return text.substring(0, open + 1) + "\n    " + entry + text.substring(open + 1);
        }
        StringBuilder out = new StringBuilder(text);
        for (int i = spans.size() - 1; i >= 0; i--) {
            out.replace(spans.get(i)[0], spans.get(i)[1], value);
        }
        return out.toString();
    }

    /** Where the current token starts, or where the parser stands (just after the current token). */
    private static int offset(JsonParser p, boolean tokenStart) {
        long at = tokenStart
                ? p.currentTokenLocation().getCharOffset()
                : p.currentLocation().getCharOffset();
        if (at < 0) {
            throw new IllegalStateException("the parser did not report character offsets");
        }
        return (int) at;
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
