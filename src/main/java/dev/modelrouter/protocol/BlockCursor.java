package dev.modelrouter.protocol;

import dev.modelrouter.model.Content;
import dev.modelrouter.model.StreamEvent;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The blocks a stream reader opens, indexed 0, 1, 2, ..., with at most one text or thinking block open
 * at a time: it closes before any other block opens, a thinking block with its signature first. One
 * instance per stream, like the reader that holds it.
 */
public final class BlockCursor {

    /** What the open block holds. */
    public enum Kind {
        TEXT,
        THINKING
    }

    private final Supplier<String> signature;
    private int nextIndex;
    private @Nullable Kind open;

    /** @param signature the signature of the thinking block being closed, asked once per such block */
    public BlockCursor(Supplier<String> signature) {
        this.signature = signature;
    }

    /** The kind of the open block, or null when none is open. */
    public @Nullable Kind open() {
        return open;
    }

    /** The index of the block opened last: the open one, while one is. */
    public int last() {
        return nextIndex - 1;
    }

    /** The index for a block the reader writes whole itself (a tool call); close the open one first. */
    public int next() {
        return nextIndex++;
    }

    /** Opens a {@code kind} block unless one is open already; any other open block is closed first. */
    public void ensureOpen(Kind kind, List<StreamEvent> out) {
        if (open == kind) {
            return;
        }
        close(out);
        Content block = kind == Kind.TEXT ? Content.Text.of("") : new Content.Thinking("", null);
        out.add(new StreamEvent.BlockStart(nextIndex++, block));
        open = kind;
    }

    /** Closes the open block, if any; a thinking block gets its signature before it stops. */
    public void close(List<StreamEvent> out) {
        if (open == null) {
            return;
        }
        if (open == Kind.THINKING) {
            out.add(new StreamEvent.BlockDelta(nextIndex - 1, new StreamEvent.Delta.Signature(signature.get())));
        }
        out.add(new StreamEvent.BlockStop(nextIndex - 1));
        open = null;
    }
}
