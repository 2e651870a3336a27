package dev.modelrouter.testing;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Whether the Node.js the router would run ({@code ROUTER_NODE}, else {@code node}) is on this machine,
 * for the tests of custom router scripts and status-line script modules, which are skipped without it
 * (and fail without it where {@link Prerequisites#REQUIRE_ALL} is set, as in CI).
 */
public final class NodeJs {

    private static volatile Boolean installed;

    private NodeJs() {}

    /** Whether {@code node --version} runs; asked once per test JVM. */
    public static boolean installed() {
        Boolean known = installed;
        if (known == null) {
            known = probe();
            installed = known;
        }
        return known;
    }

    /**
     * Skips the calling test (or class, from {@code @BeforeAll}) without Node.js; fails it instead
     * when {@link Prerequisites#required()}.
     */
    public static void assumeInstalled() {
        Prerequisites.require(installed(), "node is not installed (or ROUTER_NODE does not run)");
    }

    private static boolean probe() {
        String node = System.getenv("ROUTER_NODE");
        try {
            Process version = new ProcessBuilder(node == null || node.isBlank() ? "node" : node, "--version")
                    .redirectErrorStream(true)
                    .start();
            return version.waitFor(10, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
