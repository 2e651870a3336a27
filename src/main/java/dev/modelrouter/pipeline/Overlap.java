package dev.modelrouter.pipeline;

import dev.modelrouter.model.Content;
import dev.modelrouter.model.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * Joins a fallback's continuation to the text the client already has: holds the start of the
 * fallback's first text block until it can tell how much of it repeats the end of what the client
 * saw, drops that repetition, and fixes the whitespace at the seam. A model asked to continue in a
 * new turn often restates the last words (or the whole answer); one continuing a prefill does not,
 * so for a prefill only the seam is fixed. One instance per continuation.
 */
final class Overlap {

    /** The most of the fallback's text held back while looking for a repetition. */
    private static final int MAX_HELD = 4096;

    private final String seen;
    private final int window;
    private final StringBuilder head = new StringBuilder();
    private int textIndex = -1;
    private boolean decided;

    private Overlap(String seen, boolean findRepetition) {
        this.seen = seen;
        this.window = findRepetition ? Math.min(seen.length(), MAX_HELD) + 64 : 1;
    }

    /** {@code fallback}'s events with the start of its first text trimmed to follow {@code seen}. */
    static Flux<StreamEvent> joined(Flux<StreamEvent> fallback, String seen, boolean findRepetition) {
        return Flux.defer(() -> {
            Overlap o = new Overlap(seen, findRepetition);
            return fallback.concatMapIterable(o::onEvent).concatWith(Flux.defer(() -> Flux.fromIterable(o.release())));
        });
    }

    private List<StreamEvent> onEvent(StreamEvent e) {
        if (decided) {
            return List.of(e);
        }
        if (textIndex < 0) {
            if (e instanceof StreamEvent.BlockStart s && s.block() instanceof Content.Text t) {
                textIndex = s.index();
                head.append(t.text());
                return List.of();
            }
            return List.of(e);
        }
        if (e instanceof StreamEvent.BlockDelta d
                && d.index() == textIndex
                && d.delta() instanceof StreamEvent.Delta.Text t) {
            head.append(t.text());
            return head.length() >= window ? release() : List.of();
        }
        List<StreamEvent> out = release();
        out.add(e);
        return out;
    }

    /** The held text block start and its text, trimmed; nothing when nothing is held. */
    private List<StreamEvent> release() {
        List<StreamEvent> out = new ArrayList<>(3);
        if (decided || textIndex < 0) {
            return out;
        }
        decided = true;
        out.add(new StreamEvent.BlockStart(textIndex, new Content.Text("", null)));
        String rest = after(seen, head.toString(), window > 1);
        if (!rest.isEmpty()) {
            out.add(new StreamEvent.BlockDelta(textIndex, new StreamEvent.Delta.Text(rest)));
        }
        return out;
    }

    /** What of {@code next} follows {@code seen}: without a repeated end of it, and with one space at the seam. */
    static String after(String seen, String next, boolean findRepetition) {
        String n = next;
        boolean trimmed = false;
        if (findRepetition) {
            String lead = next.stripLeading();
            int k = repeated(seen.stripTrailing(), lead);
            if (k > 0) {
                n = lead.substring(k);
                trimmed = true;
            }
        }
        boolean seenEndsInSpace = !seen.isEmpty() && Character.isWhitespace(seen.charAt(seen.length() - 1));
        if (seenEndsInSpace) {
            return n.stripLeading();
        }
        // a new turn starts without the space that parts it from the last word the client saw
        boolean wordMeetsWord = !n.isEmpty()
                && !seen.isEmpty()
                && Character.isLetterOrDigit(n.charAt(0))
                && Character.isLetterOrDigit(seen.charAt(seen.length() - 1));
        return findRepetition && !trimmed && wordMeetsWord ? " " + n : n;
    }

    /**
     * The length of the longest start of {@code next} that {@code seen} ends with, beginning at a word
     * of {@code seen}; a match that also ends a word of {@code next} may be short, one that splits a
     * word (the model rewrote the word that was cut) must be three characters at least.
     */
    static int repeated(String seen, String next) {
        for (int k = Math.min(seen.length(), next.length()); k >= 1; k--) {
            int at = seen.length() - k;
            if (!seen.regionMatches(at, next, 0, k)) {
                continue;
            }
            boolean wordStart = at == 0 || !Character.isLetterOrDigit(seen.charAt(at - 1));
            boolean wordEnd = k == next.length() || !Character.isLetterOrDigit(next.charAt(k));
            if (wordStart && (wordEnd || k >= 3)) {
                return k;
            }
        }
        return 0;
    }
}
