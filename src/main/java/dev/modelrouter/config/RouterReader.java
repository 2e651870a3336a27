package dev.modelrouter.config;

import dev.modelrouter.model.Scenario;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/** Reads and checks the {@code Router} section and ccr's top-level {@code fallback} section. */
final class RouterReader {

    private static final String SCENARIOS = Stream.of(Scenario.values())
            .filter(Scenario::configurable)
            .map(Scenario::key)
            .collect(Collectors.joining(", "));

    private final Findings findings;
    private final ValueReader values;
    private final List<ProviderConfig> providers;

    RouterReader(Findings findings, List<ProviderConfig> providers) {
        this.findings = findings;
        this.values = new ValueReader(findings);
        this.providers = providers;
    }

    RouterSettings read(JsonNode router, String routerPath, JsonNode fallback, String fallbackPath) {
        Map<Scenario, List<Target>> routes = new EnumMap<>(Scenario.class);
        int threshold = RouterSettings.DEFAULT_LONG_CONTEXT_THRESHOLD;
        String effort = RouterSettings.DEFAULT_THINK_MIN_EFFORT;
        if (!ValueReader.absent(router) && !router.isObject()) {
            findings.error(
                    routerPath,
                    "expected an object {\"default\": \"provider,model\", ...}, got " + ValueReader.show(router));
        } else if (router.isObject()) {
            for (Map.Entry<String, JsonNode> e : router.properties()) {
                String key = e.getKey();
                String at = Findings.field(routerPath, key);
                if (key.equals("longContextThreshold")) {
                    threshold = (int) values.integer(e.getValue(), at, 1, Integer.MAX_VALUE, threshold);
                } else if (key.equals("thinkMinEffort")) {
                    effort = effort(e.getValue(), at);
                } else {
                    Optional<Scenario> scenario = Scenario.fromKey(key).filter(Scenario::configurable);
                    if (scenario.isPresent()) {
                        routes.put(scenario.get(), targets(e.getValue(), at));
                    } else {
                        findings.warn(
                                at,
                                "unknown scenario key '" + key + "' ignored (known: " + SCENARIOS
                                        + ", longContextThreshold, thinkMinEffort)");
                    }
                }
            }
        }
        routes.values().removeIf(List::isEmpty);
        if (!routes.containsKey(Scenario.DEFAULT) && !providers.isEmpty()) {
            findings.warn(
                    Findings.field(routerPath, "default"),
                    "not set, so requests that match no other scenario"
                            + " have nowhere to go; set it to \"provider,model\", e.g. \"" + example() + "\"");
        }
        return new RouterSettings(routes, threshold, effort, fallback(fallback, fallbackPath));
    }

    private Map<Scenario, List<Target>> fallback(JsonNode node, String path) {
        Map<Scenario, List<Target>> out = new EnumMap<>(Scenario.class);
        if (ValueReader.absent(node)) {
            return out;
        }
        if (!node.isObject()) {
            findings.error(
                    path,
                    "expected an object {\"default\": [\"provider,model\", ...], ...}, got " + ValueReader.show(node));
            return out;
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String at = Findings.field(path, e.getKey());
            Optional<Scenario> scenario = Scenario.fromKey(e.getKey()).filter(Scenario::configurable);
            if (scenario.isEmpty()) {
                findings.warn(at, "unknown scenario key '" + e.getKey() + "' ignored (known: " + SCENARIOS + ")");
                continue;
            }
            List<Target> targets = targets(e.getValue(), at);
            if (!targets.isEmpty()) {
                out.put(scenario.get(), targets);
            }
        }
        return out;
    }

    private String effort(JsonNode node, String path) {
        String text = values.string(node, path);
        if (text == null) {
            return RouterSettings.DEFAULT_THINK_MIN_EFFORT;
        }
        String effort = text.toLowerCase(Locale.ROOT);
        if (!RouterSettings.EFFORTS.contains(effort)) {
            findings.error(
                    path, "expected one of " + String.join(", ", RouterSettings.EFFORTS) + ", got \"" + text + "\"");
            return RouterSettings.DEFAULT_THINK_MIN_EFFORT;
        }
        return effort;
    }

    /** A {@code "provider,model"} string or a list of them; {@code ""} means "not set", as ccr's UI writes it. */
    private List<Target> targets(JsonNode node, String path) {
        List<Target> out = new ArrayList<>();
        if (ValueReader.absent(node)) {
            return out;
        }
        if (node.isString()) {
            if (!node.stringValue().isBlank()) {
                target(node.stringValue(), path).ifPresent(out::add);
            }
            return out;
        }
        if (!node.isArray()) {
            findings.error(path, "expected \"provider,model\" or a list of them, got " + ValueReader.show(node));
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            String at = Findings.index(path, i);
            if (entry.isString() && !entry.stringValue().isBlank()) {
                target(entry.stringValue(), at).filter(t -> !out.contains(t)).ifPresent(out::add);
            } else {
                findings.error(at, "expected \"provider,model\", got " + ValueReader.show(entry));
            }
        }
        return out;
    }

    private Optional<Target> target(String text, String path) {
        Optional<Target> parsed = Target.parse(text);
        if (parsed.isEmpty()) {
            findings.error(
                    path, "expected \"provider,model\", got \"" + text + "\"; write it as e.g. \"" + example() + "\"");
            return Optional.empty();
        }
        Target t = parsed.get();
        Optional<ProviderConfig> provider = providers.stream()
                .filter(p -> p.name().equalsIgnoreCase(t.provider()))
                .findFirst();
        if (provider.isEmpty()) {
            findings.error(
                    path,
                    "provider '" + t.provider() + "' is not in Providers (known: " + knownProviders()
                            + "); fix the name or add the provider");
            return Optional.empty();
        }
        ProviderConfig p = provider.get();
        if (p.models().isEmpty()) {
            // Already reported on the provider itself.
            return Optional.empty();
        }
        if (!p.hasModel(t.model())) {
            findings.error(
                    path,
                    "model '" + t.model() + "' is not in provider '" + p.name() + "' models ("
                            + String.join(", ", p.models()) + "); fix the name or add it to the provider's models");
            return Optional.empty();
        }
        return Optional.of(new Target(p.name(), t.model()));
    }

    private String knownProviders() {
        return providers.isEmpty()
                ? "none"
                : providers.stream().map(ProviderConfig::name).collect(Collectors.joining(", "));
    }

    private String example() {
        return providers.stream()
                .filter(p -> !p.models().isEmpty())
                .findFirst()
                .map(p -> p.name() + "," + p.models().get(0))
                .orElse("deepseek,deepseek-chat");
    }
}
