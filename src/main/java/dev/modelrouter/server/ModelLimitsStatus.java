package dev.modelrouter.server;

import dev.modelrouter.config.CompactWindow;
import dev.modelrouter.config.ModelLimits;
import dev.modelrouter.config.ModelWindows;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.Target;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Adds to {@code GET /api/status} each listed model's limits ({@code providers[].limits}: context,
 * maxOutput and where they came from) and {@code claudeCodeWindow}, the window {@code router code} tells
 * Claude Code to compact against for the current routes. {@code models} stays a list of names, as
 * clients of the status read it.
 */
record ModelLimitsStatus(ModelWindows windows) implements StatusContributor {

    @Override
    public void contribute(ObjectNode status, RouterConfig config) {
        for (JsonNode p : status.path("providers")) {
            if (p instanceof ObjectNode provider) {
                ObjectNode limits = provider.putObject("limits");
                for (JsonNode m : provider.path("models")) {
                    ModelLimits l =
                            windows.of(config, new Target(provider.path("name").asString(""), m.asString()));
                    limits.putObject(m.asString())
                            .put("context", l.context())
                            .put("maxOutput", l.maxOutput())
                            .put("source", l.source().key());
                }
            }
        }
        CompactWindow.of(config, windows)
                .ifPresent(w -> status.putObject("claudeCodeWindow")
                        .put("window", w.window())
                        .put("compactWindow", w.compactWindow())
                        .put("maxOutput", w.maxOutput())
                        .put("basis", w.basis()));
    }
}
