package dev.modelrouter.server;

import dev.modelrouter.config.RouterConfig;
import tools.jackson.databind.node.ObjectNode;

/**
 * Adds to {@code GET /api/status}: resilience state, usage numbers and the like. Declare one as a
 * bean; the admin handlers call every one, in bean order, after filling in the basic fields.
 */
@FunctionalInterface
public interface StatusContributor {

    /**
     * @param status the status document, with {@code providers} already one object per provider (in
     *     config order, each with {@code name} and a {@code lastError} left {@code null}) for
     *     contributors to fill in
     * @param config the snapshot the status was built from
     */
    void contribute(ObjectNode status, RouterConfig config);
}
