package dev.modelrouter.routing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The token counts of the pieces a tokenizer met lately, so that a word seen again is not segmented
 * again: bounded, the least recently used out. Not thread-safe; its tokenizer counts under its own lock.
 */
final class PieceCounts {

    private static final int SIZE = 4096;
    /** Longer pieces (a whole unsplit message) are rarely seen twice; caching them only evicts words. */
    private static final int CACHED_LENGTH = 256;

    private final ToIntFunction<String> segment;
    private final Map<String, Integer> counts = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Integer> eldest) {
            return size() > SIZE;
        }
    };

    PieceCounts(ToIntFunction<String> segment) {
        this.segment = segment;
    }

    /** The tokens of all {@code pieces}, each segmented on its own. */
    int count(List<String> pieces) {
        int n = 0;
        for (String piece : pieces) {
            n += piece.length() > CACHED_LENGTH
                    ? segment.applyAsInt(piece)
                    : counts.computeIfAbsent(piece, segment::applyAsInt);
        }
        return n;
    }
}
