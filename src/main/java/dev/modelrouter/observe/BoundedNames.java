package dev.modelrouter.observe;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a tag's distinct values bounded: the first {@code cap} names pass through, later new ones (and
 * over-long or empty ones) become {@value #OTHER}. Provider and model names come from config, but an
 * explicit {@code provider,model} request can name any model, and each distinct tag value is a new
 * time series held for the life of the process.
 */
final class BoundedNames {

    /** The value that stands for every name past the cap. */
    static final String OTHER = "other";

    /** The value of a tag that has no name (a request that never got a route). */
    static final String NONE = "none";

    static final int DEFAULT_CAP = 200;
    private static final int MAX_LENGTH = 128;

    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final int cap;

    BoundedNames(int cap) {
        this.cap = cap;
    }

    /** {@code name} itself while there is room for it, else {@value #OTHER}. */
    String bound(String name) {
        if (name.isEmpty()) {
            return NONE;
        }
        if (seen.contains(name)) {
            return name;
        }
        if (name.length() > MAX_LENGTH || seen.size() >= cap) {
            return OTHER;
        }
        // two racing threads may both add past the cap by one; the bound stays within a few values
        seen.add(name);
        return name;
    }
}
