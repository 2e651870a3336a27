package dev.modelrouter.server;

import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.Secrets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The last contributor to {@code GET /api/status} (and so to {@code router status}), appended after the
 * beans: masks every known secret in the whole document, whichever contributor put it there. A provider's last error is its own
 * text, and a circuit or usage line is named after a model, which is the client's to choose.
 */
record RedactedStatus(Secrets secrets) implements StatusContributor {

    @Override
    public void contribute(ObjectNode status, RouterConfig config) {
        JsonNode clean = secrets.redactor().redact(status);
        status.removeAll();
        status.setAll((ObjectNode) clean);
    }
}
