package dev.modelrouter.plugin;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Logs a warning once per distinct cause, so a script that fails or times out on every request
 * leaves one line in the log instead of one per request; repeats go to debug level.
 */
final class DistinctWarnings {

    /** Causes can carry a script's error text; bounded so an error naming e.g. a counter cannot grow the set. */
    private static final int MAX_CAUSES = 200;

    private final Logger log;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    DistinctWarnings(Logger log) {
        this.log = log;
    }

    /**
     * @param cause what makes two warnings the same, e.g. {@code timeout} or {@code error:<text>}
     * @param format an SLF4J message format
     */
    void warn(String cause, String format, Object... args) {
        if (seen.size() < MAX_CAUSES && seen.add(cause)) {
            log.warn(format, args);
        } else {
            log.debug(format, args);
        }
    }
}
