package dev.modelrouter.cli;

import sun.misc.Signal;

/**
 * Ignores the terminal's interrupt and hang-up signals. A daemon started from a terminal shares its
 * process group; without this, Ctrl-C in a `router code` session or closing the terminal would kill
 * the daemon too. SIGTERM (`router stop`) still ends it.
 */
final class Signals {

    private Signals() {}

    // A handler that does nothing rather than SIG_IGN: an ignored signal stays ignored in the programs
    // this process starts (Claude Code), a handler does not.
    private static void ignore(Signal signal) {}

    static void ignoreTerminal() {
        for (String name : new String[] {"INT", "HUP"}) {
            try {
                Signal.handle(new Signal(name), Signals::ignore);
            } catch (IllegalArgumentException e) {
                // not a signal on this platform
            }
        }
    }

    /** For {@code router code}: Ctrl-C belongs to Claude Code, which handles it; the waiting CLI must not die. */
    static void ignoreInterrupt() {
        try {
            Signal.handle(new Signal("INT"), Signals::ignore);
        } catch (IllegalArgumentException e) {
            // not a signal on this platform
        }
    }
}
