package dev.modelrouter.observe;

/** The protocol a client spoke to the router; the {@code ingress} tag and log field. */
public enum Ingress {
    ANTHROPIC("anthropic"),
    OPENAI("openai"),
    GEMINI("gemini");

    private final String tag;

    Ingress(String tag) {
        this.tag = tag;
    }

    /** The tag value. */
    public String tag() {
        return tag;
    }
}
