package dev.modelrouter.pipeline;

import dev.modelrouter.model.Content;
import dev.modelrouter.model.StreamEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One round of an image-agent answer, seen on its way to the client: the {@value ImagePlaceholders#TOOL}
 * calls are held back (the router answers them, the client never sees them), the other blocks are
 * renumbered after those earlier rounds sent, a later round's start is dropped, and the stop is kept for
 * the agent to decide on. Every event is also kept, to rebuild the round's answer. One instance per round.
 */
final class ImageRound {

    private final int offset;
    private final boolean first;
    private final Map<Integer, Integer> indexes = new HashMap<>();
    private final Set<Integer> held = new HashSet<>();
    private final List<StreamEvent> events = new ArrayList<>();
    private StreamEvent.@Nullable Stop stop;

    /**
     * @param offset the client index of this round's first block
     * @param first whether this is the first round, whose start the client gets
     */
    ImageRound(int offset, boolean first) {
        this.offset = offset;
        this.first = first;
    }

    /** What the client gets of {@code event}. */
    List<StreamEvent> onEvent(StreamEvent event) {
        events.add(event);
        if (event instanceof StreamEvent.Start) {
            return first ? List.of(event) : List.of();
        }
        if (event instanceof StreamEvent.Stop s) {
            stop = s;
            return List.of();
        }
        if (event instanceof StreamEvent.BlockStart s) {
            if (s.block() instanceof Content.ToolUse t && t.name().equals(ImagePlaceholders.TOOL)) {
                held.add(s.index());
                return List.of();
            }
            int index = offset + indexes.size();
            indexes.put(s.index(), index);
            return List.of(new StreamEvent.BlockStart(index, s.block()));
        }
        if (event instanceof StreamEvent.BlockDelta d) {
            return held.contains(d.index())
                    ? List.of()
                    : List.of(new StreamEvent.BlockDelta(client(d.index()), d.delta()));
        }
        if (event instanceof StreamEvent.BlockStop s) {
            return held.contains(s.index()) ? List.of() : List.of(new StreamEvent.BlockStop(client(s.index())));
        }
        return List.of(event);
    }

    private int client(int index) {
        return indexes.getOrDefault(index, offset + index);
    }

    /** Every event of the round as it came. */
    List<StreamEvent> events() {
        return events;
    }

    /** The client index after the last block this round sent. */
    int nextIndex() {
        return offset + indexes.size();
    }

    /** The round's stop, or {@code null} when it had none. */
    StreamEvent.@Nullable Stop stop() {
        return stop;
    }
}
