package dev.modelrouter.fuzz;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The admin API's bodies, fuzzed against the real daemon: mutated configs through
 * {@code PUT /api/config} (which validates, writes and applies), route edits with any body and any
 * scenario: refused clearly or applied, never a 5xx or a stack trace, and the daemon keeps answering.
 */
class AdminApiFuzzProperties {

    private static FuzzDaemon daemon;

    @BeforeContainer
    static void start() {
        daemon = new FuzzDaemon();
    }

    @AfterContainer
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Property
    void configBodies(@ForAll("configs") String body) {
        EndpointsFuzzProperties.check(
                body,
                daemon.send("PUT", "/api/config", body, daemon.adminHeaders()),
                EndpointsFuzzProperties.Shape.ANTHROPIC,
                daemon);
    }

    @Property
    void routeEdits(@ForAll("scenarios") String scenario, @ForAll("routeBodies") String body) {
        String path = "/api/routes/"
                + java.net.URLEncoder.encode(scenario, java.nio.charset.StandardCharsets.UTF_8)
                        .replace("+", "%20");
        EndpointsFuzzProperties.check(
                body,
                daemon.send("PUT", path, body, daemon.adminHeaders()),
                EndpointsFuzzProperties.Shape.ANTHROPIC,
                daemon);
    }

    @Provide
    Arbitrary<String> configs() {
        List<String> seeds = new java.util.ArrayList<>(Mutations.seeds("fixtures/config/ccr-2x.json"));
        seeds.add(daemon.configText);
        seeds.add(daemon.configText);
        return Mutations.of(seeds);
    }

    @Provide
    Arbitrary<String> scenarios() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "default", "background", "think", "longContext", "webSearch", "image", "DEFAULT", "nope", ""),
                Arbitraries.strings().all().ofMaxLength(20));
    }

    @Provide
    Arbitrary<String> routeBodies() {
        Map<String, String> seeds = new HashMap<>();
        seeds.put("a", "{\"model\":\"oai,o1\"}");
        seeds.put("b", "{\"model\":\"anth,m2\"}");
        seeds.put("c", "{\"model\":[\"anth,m1\",\"oai,o1\"]}");
        return Mutations.of(List.copyOf(seeds.values()));
    }
}
