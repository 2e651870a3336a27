package dev.modelrouter.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** Reads config.json's {@code ClientKeys} array; an entry with a problem is reported and left out. */
final class ClientKeysReader {

    static final String KEY = "ClientKeys";

    private static final Set<String> KNOWN = Set.of("name", "key", "models", "rpm", "tpm", "budget_tokens_per_day");

    private final Findings findings;
    private final ValueReader values;

    ClientKeysReader(Findings findings) {
        this.findings = findings;
        this.values = new ValueReader(findings);
    }

    List<ClientKey> read(JsonNode node) {
        String path = Findings.field("$", KEY);
        if (ValueReader.absent(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            findings.error(
                    path,
                    "expected an array such as [{\"name\": \"team-a\", \"key\": \"$TEAM_A_KEY\"}], got "
                            + ValueReader.show(node));
            return List.of();
        }
        List<ClientKey> keys = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> secrets = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String at = Findings.index(path, i);
            ClientKey key = entry(node.get(i), at);
            if (key == null) {
                continue;
            }
            if (!names.add(key.name())) {
                findings.error(Findings.field(at, "name"), "client key name '" + key.name() + "' is used twice");
            } else if (!secrets.add(key.key())) {
                findings.error(Findings.field(at, "key"), "the same key is given to two clients; each needs its own");
            } else {
                keys.add(key);
            }
        }
        return List.copyOf(keys);
    }

    private @Nullable ClientKey entry(JsonNode entry, String at) {
        if (!entry.isObject()) {
            findings.error(at, "expected an object {\"name\": ..., \"key\": ...}, got " + ValueReader.show(entry));
            return null;
        }
        for (String field : entry.propertyNames()) {
            if (!KNOWN.contains(field)) {
                findings.warn(
                        Findings.field(at, field),
                        "unknown client key field '" + field + "' ignored (known: "
                                + KNOWN.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
        }
        String name = values.string(entry.path("name"), Findings.field(at, "name"));
        String key = values.string(entry.path("key"), Findings.field(at, "key"));
        if (name == null || key == null) {
            findings.error(at, "a client key needs a \"name\" and a \"key\" (such as \"$TEAM_A_KEY\")");
            return null;
        }
        return new ClientKey(
                name,
                key,
                models(entry.path("models"), Findings.field(at, "models")),
                limit(entry, at, "rpm"),
                limit(entry, at, "tpm"),
                limit(entry, at, "budget_tokens_per_day"));
    }

    private Set<String> models(JsonNode node, String path) {
        Set<String> models = new LinkedHashSet<>();
        if (ValueReader.absent(node)) {
            return models;
        }
        if (!node.isArray()) {
            findings.error(
                    path, "expected an array of models such as [\"openrouter,gpt-4o\"], got " + ValueReader.show(node));
            return models;
        }
        for (int i = 0; i < node.size(); i++) {
            String model = values.string(node.get(i), Findings.index(path, i));
            if (model != null) {
                models.add(model);
            }
        }
        return models;
    }

    private long limit(JsonNode entry, String at, String field) {
        return values.integer(entry.path(field), Findings.field(at, field), 1, Long.MAX_VALUE, 0);
    }
}
