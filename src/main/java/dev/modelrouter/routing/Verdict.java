package dev.modelrouter.routing;

/** What one rule said about one request. */
public enum Verdict {
    /** The rule chose the target. */
    FIRED("fired"),
    /** The rule was asked and did not match. */
    NO("no"),
    /** The config gives the rule nothing to choose, so it was not asked. */
    NOT_CONFIGURED("not configured"),
    /** An earlier rule fired first. */
    NOT_REACHED("not reached"),
    /**
     * {@code router explain} does not run the rule: the custom router script is the user's code in
     * another process and may do anything (log, count, call out), so explaining never starts or asks it.
     */
    NOT_RUN("not run by explain");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /** How the verdict reads in {@code router explain} and in the request log. */
    public String label() {
        return label;
    }
}
