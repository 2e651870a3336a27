package dev.modelrouter.config;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** Reads config.json's {@code server} object over {@link ServerTimeouts#DEFAULT}. */
final class ServerTimeoutsReader {

    static final String KEY = "server";

    private static final Set<String> KNOWN = Set.of("header_timeout_ms", "body_timeout_ms", "idle_timeout_ms");

    private final Findings findings;
    private final ValueReader values;

    ServerTimeoutsReader(Findings findings) {
        this.findings = findings;
        this.values = new ValueReader(findings);
    }

    ServerTimeouts read(JsonNode node) {
        String path = Findings.field("$", KEY);
        if (ValueReader.absent(node)) {
            return ServerTimeouts.DEFAULT;
        }
        if (!node.isObject()) {
            findings.error(
                    path, "expected an object such as {\"idle_timeout_ms\": 120000}, got " + ValueReader.show(node));
            return ServerTimeouts.DEFAULT;
        }
        for (String key : node.propertyNames()) {
            if (!KNOWN.contains(key)) {
                findings.warn(
                        Findings.field(path, key),
                        "unknown server key '" + key + "' ignored (known: "
                                + KNOWN.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
        }
        ServerTimeouts base = ServerTimeouts.DEFAULT;
        return new ServerTimeouts(
                ms(node, path, "header_timeout_ms", base.header()),
                ms(node, path, "body_timeout_ms", base.body()),
                ms(node, path, "idle_timeout_ms", base.idle()));
    }

    private Duration ms(JsonNode node, String path, String key, Duration fallback) {
        return Duration.ofMillis(
                values.integer(node.path(key), Findings.field(path, key), 1, 86_400_000L, fallback.toMillis()));
    }
}
