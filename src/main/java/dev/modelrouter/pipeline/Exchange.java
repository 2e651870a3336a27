package dev.modelrouter.pipeline;

import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.observe.RequestTrace;
import dev.modelrouter.routing.RouteQuery;
import dev.modelrouter.routing.ScriptAnswer;

/**
 * One inference request end to end: what came in, the request read from it, its Claude Code session,
 * the config it is served on, and its trace. Built once by {@link Intake}; every later step gets it
 * and derives what it needs, nothing is parked elsewhere.
 *
 * @param inbound the request as the front door handed it in
 * @param request the client's request, decoded lazily
 * @param session the Claude Code session (with its previous prompt), {@link RouteQuery.Session#NONE} without one
 * @param snapshot the config snapshot taken at the start, the custom router script's
 * @param config the snapshot with the session's project routes, if any: the one it is routed on
 * @param trace the request log and meters' record of it
 */
record Exchange(
        Inbound inbound,
        ClientRequest request,
        RouteQuery.Session session,
        RouterConfig snapshot,
        RouterConfig config,
        RequestTrace trace) {

    /** What the router decides on, with the custom router script's answer. */
    RouteQuery query(ScriptAnswer script) {
        return new RouteQuery(
                request.traits(), request.routed(), request.tokens()::get, inbound.protocol(), session, script, config);
    }
}
