package dev.modelrouter.routing;

/** The router's rules, in the order {@link Router#plan} asks them. */
public enum Rule {
    /** config.json's {@code CUSTOM_ROUTER_PATH} script. */
    CUSTOM_ROUTER("customRouter"),
    /** A plugin's {@link dev.modelrouter.spi.RouteRule}. */
    ROUTE_RULE("routeRule"),
    /** The request's model names {@code provider,model}. */
    EXPLICIT("explicit"),
    /** A {@code <CCR-SUBAGENT-MODEL>} tag in the system prompt. */
    SUBAGENT("subagent"),
    /** The Claude Code project's or session's own {@code Router} table. */
    PROJECT_ROUTES("projectRoutes"),
    LONG_CONTEXT("longContext"),
    BACKGROUND("background"),
    WEB_SEARCH("webSearch"),
    THINK("think"),
    IMAGE("image"),
    DEFAULT("default"),
    /** The chosen model's context window holds the prompt; asked last, of whatever the rules above chose. */
    CONTEXT_WINDOW("contextWindow");

    private final String key;

    Rule(String key) {
        this.key = key;
    }

    /** The name shown to users, the config key where the rule has one. */
    public String key() {
        return key;
    }
}
