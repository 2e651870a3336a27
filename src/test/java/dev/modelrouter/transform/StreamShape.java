package dev.modelrouter.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.StreamEvent;
import java.util.List;

/** Asserts a stream's shape: one Start first, blocks 0, 1, 2, ... opened and closed in turn, one Stop last. */
final class StreamShape {

    private StreamShape() {}

    static void assertWellFormed(List<StreamEvent> events) {
        assertThat(events).isNotEmpty();
        assertThat(events.get(0)).isInstanceOf(StreamEvent.Start.class);
        assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.Stop.class);
        assertThat(events.stream().filter(e -> e instanceof StreamEvent.Start)).hasSize(1);
        assertThat(events.stream().filter(e -> e instanceof StreamEvent.Stop)).hasSize(1);
        int next = 0;
        Integer open = null;
        for (StreamEvent event : events) {
            if (event instanceof StreamEvent.BlockStart start) {
                assertThat(open).as("block opened while %s is open", open).isNull();
                assertThat(start.index()).as("block index").isEqualTo(next);
                open = start.index();
                next++;
            } else if (event instanceof StreamEvent.BlockDelta delta) {
                assertThat(delta.index()).as("delta outside its block").isEqualTo(open);
            } else if (event instanceof StreamEvent.BlockStop stop) {
                assertThat(stop.index()).as("stop of a block that is not open").isEqualTo(open);
                open = null;
            }
        }
        assertThat(open).as("block left open").isNull();
    }
}
