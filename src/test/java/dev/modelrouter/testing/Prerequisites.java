package dev.modelrouter.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a test needs from the machine (Node.js, Claude Code, the built jar, {@code redis-server} through
 * {@link RedisServer#assumeInstalled()}): without it the test is
 * skipped on a developer's machine, but fails where {@value #REQUIRE_ALL}{@code =1} is set, as
 * {@code .ci/run} does, so that CI never passes on a test that did not run.
 */
public final class Prerequisites {

    /** The environment variable that turns every missing prerequisite into a failure. */
    public static final String REQUIRE_ALL = "ROUTER_REQUIRE_ALL";

    private Prerequisites() {}

    /** Whether this run must not skip any test ({@value #REQUIRE_ALL}{@code =1}). */
    public static boolean required() {
        return "1".equals(System.getenv(REQUIRE_ALL));
    }

    /**
     * Returns when {@code present}; otherwise skips the calling test, or fails it when {@link #required()}.
     *
     * @param missing what is missing and how to provide it, for the skip or failure message
     */
    public static void require(boolean present, String missing) {
        if (present) {
            return;
        }
        if (required()) {
            fail(missing + " (" + REQUIRE_ALL + "=1: this run may not skip tests)");
        }
        assumeTrue(false, missing);
    }
}
