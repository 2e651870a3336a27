package dev.modelrouter.testing;

import dev.modelrouter.model.ChatResponse;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.RouterException;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.StreamEvents;
import dev.modelrouter.model.Usage;
import java.util.List;
import tools.jackson.databind.node.StringNode;

/** Test-only rendering of canonical stream events, one line each, for golden files. */
public final class EventText {

    private EventText() {}

    public static String render(List<StreamEvent> events) {
        StringBuilder out = new StringBuilder();
        events.forEach(event -> out.append(render(event)).append('\n'));
        return out.toString();
    }

    /** A complete answer as the events that carry it, so answers and streams share one golden format. */
    public static String render(ChatResponse response) {
        return "id=" + response.id() + " model=" + response.model() + "\n"
                + render(StreamEvents.of(response).collectList().block());
    }

    public static String render(RouterException error) {
        return "error " + error.kind() + " " + error.status() + " " + error.getMessage() + "\n";
    }

    public static String render(StreamEvent event) {
        if (event instanceof StreamEvent.Start start) {
            return "start " + start.id() + " model=" + start.model() + " " + usage(start.usage());
        }
        if (event instanceof StreamEvent.BlockStart blockStart) {
            return "block_start " + blockStart.index() + " " + block(blockStart.block());
        }
        if (event instanceof StreamEvent.BlockDelta blockDelta) {
            return "delta " + blockDelta.index() + " " + delta(blockDelta.delta());
        }
        if (event instanceof StreamEvent.BlockStop blockStop) {
            return "block_stop " + blockStop.index();
        }
        if (event instanceof StreamEvent.Stop stop) {
            return "stop " + stop.reason() + (stop.stopSequence() == null ? "" : " seq=" + quote(stop.stopSequence()))
                    + " " + usage(stop.usage());
        }
        if (event instanceof StreamEvent.Ping) {
            return "ping";
        }
        throw new IllegalStateException(event.toString());
    }

    private static String block(Content block) {
        if (block instanceof Content.Text text) {
            return "text " + quote(text.text());
        }
        if (block instanceof Content.Thinking thinking) {
            return "thinking " + quote(thinking.text())
                    + (thinking.signature() == null ? "" : " sig=" + thinking.signature());
        }
        if (block instanceof Content.ToolUse use) {
            return "tool_use id=" + use.id() + " name=" + use.name() + " input="
                    + dev.modelrouter.protocol.WireJson.write(use.input());
        }
        return block.toString();
    }

    private static String delta(StreamEvent.Delta delta) {
        if (delta instanceof StreamEvent.Delta.Text text) {
            return "text " + quote(text.text());
        }
        if (delta instanceof StreamEvent.Delta.Thinking thinking) {
            return "thinking " + quote(thinking.text());
        }
        if (delta instanceof StreamEvent.Delta.Signature signature) {
            return "signature " + signature.signature();
        }
        if (delta instanceof StreamEvent.Delta.ToolInput input) {
            return "input " + input.partialJson();
        }
        throw new IllegalStateException(delta.toString());
    }

    private static String usage(Usage usage) {
        return "usage(in=" + usage.input() + " out=" + usage.output() + " cache_read=" + usage.cacheRead()
                + " cache_write=" + usage.cacheWrite() + ")";
    }

    private static String quote(String text) {
        return dev.modelrouter.protocol.WireJson.write(StringNode.valueOf(text));
    }
}
