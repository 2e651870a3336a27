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
        // a script's error text may quote the request: keys and logged texts are cut short
        String key = cause.length() > MAX_TEXT ? cause.substring(0, MAX_TEXT) : cause;
        Object[] shown = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            shown[i] = args[i] instanceof String text && text.length() > MAX_TEXT
                    ? text.substring(0, MAX_TEXT) + "…(cut)"
                    : args[i];
        }
        // fixed causes (timeout, wedged, down, ...) always get their first warning
        boolean fixed = !key.contains(":");
        if ((fixed || seen.size() < MAX_CAUSES) && seen.add(key)) {
            log.warn(format, shown);
        } else {
            log.debug(format, shown);
        }
    }

    private static final int MAX_TEXT = 300;
}
