package dev.modelrouter.pipeline;

import dev.modelrouter.model.Content;
import dev.modelrouter.model.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;

/**
 * Holds a tool call back from the client until its arguments are complete, so a stream cut inside
 * them has shown the client nothing of that call: the fallback that continues the answer makes the
 * call afresh and the client sees one complete tool_use. Only streams that a fallback could continue
 * are held; a client still gets the call the moment its block ends.
 */
final class ToolCallHold<T> {

    private final List<T> held = new ArrayList<>();
    private int index = -1;

    /** {@code events} with every tool call block released whole at its end. */
    static Flux<StreamEvent> whole(Flux<StreamEvent> events) {
        return Flux.defer(() -> {
            ToolCallHold<StreamEvent> hold = new ToolCallHold<>();
            return events.concatMapIterable(e -> hold.offer(e, List.of(e)));
        });
    }

    /**
     * What to pass on now, given the next {@code item} (an event, or the bytes that carry it) and the
     * {@code events} it carries: nothing while a tool call is open, the whole call at its end.
     */
    List<T> offer(T item, List<StreamEvent> events) {
        for (StreamEvent e : events) {
            if (index < 0
                    && e instanceof StreamEvent.BlockStart s
                    && (s.block() instanceof Content.ToolUse || s.block() instanceof Content.ServerToolUse)) {
                index = s.index();
            }
        }
        if (index < 0) {
            return List.of(item);
        }
        held.add(item);
        for (StreamEvent e : events) {
            if (e instanceof StreamEvent.BlockStop s && s.index() == index) {
                index = -1;
                List<T> out = new ArrayList<>(held);
                held.clear();
                return out;
            }
        }
        return List.of();
    }

    /** Whether a tool call is being held back. */
    boolean holding() {
        return index >= 0;
    }
}
