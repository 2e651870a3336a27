package dev.modelrouter.transform;

import dev.modelrouter.model.Content;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.StreamEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One answer's events with {@code tooluse}'s ExitTool calls turned into text blocks. Blocks are
 * renumbered as they pass, because an ExitTool call with an empty response is dropped (an empty text
 * block is rejected when the client sends the turn back).
 */
final class ExitToolStream {

    private final Map<Integer, Integer> indexes = new HashMap<>();
    private int next;
    private int exitIndex = -1;
    private JsonNode exitStartInput = Json.object();
    private final StringBuilder exitInput = new StringBuilder();
    private boolean exited;
    private boolean otherToolCalls;

    List<StreamEvent> onEvent(StreamEvent event) {
        if (event instanceof StreamEvent.BlockStart start) {
            if (start.block() instanceof Content.ToolUse use && use.name().equals(ToolUseTransformer.EXIT_TOOL)) {
                exitIndex = start.index();
                exitStartInput = use.input();
                exitInput.setLength(0);
                return List.of();
            }
            if (start.block() instanceof Content.ToolUse) {
                otherToolCalls = true;
            }
            int index = next++;
            indexes.put(start.index(), index);
            return List.of(new StreamEvent.BlockStart(index, start.block()));
        } else if (event instanceof StreamEvent.BlockDelta delta) {
            if (delta.index() == exitIndex) {
                if (delta.delta() instanceof StreamEvent.Delta.ToolInput input) {
                    exitInput.append(input.partialJson());
                }
                return List.of();
            }
            return List.of(new StreamEvent.BlockDelta(mapped(delta.index()), delta.delta()));
        } else if (event instanceof StreamEvent.BlockStop stop) {
            if (stop.index() == exitIndex) {
                exitIndex = -1;
                exited = true;
                return textBlock(response());
            }
            return List.of(new StreamEvent.BlockStop(mapped(stop.index())));
        } else if (event instanceof StreamEvent.Stop stop) {
            if (exited && !otherToolCalls && stop.reason() == StopReason.TOOL_USE) {
                return List.of(new StreamEvent.Stop(StopReason.END_TURN, stop.stopSequence(), stop.usage()));
            }
            return List.of(stop);
        } else if (event instanceof StreamEvent.Start || event instanceof StreamEvent.Ping) {
            return List.of(event);
        }
        throw new IllegalStateException(
                "unhandled stream event " + event.getClass().getName());
    }

    private int mapped(int index) {
        return indexes.getOrDefault(index, index);
    }

    private String response() {
        if (exitInput.length() == 0) {
            return text(exitStartInput);
        }
        Optional<String> repaired = LenientJson.repairObject(exitInput.toString());
        return repaired.map(json -> text(Json.parse(json))).orElse(exitInput.toString());
    }

    private static String text(JsonNode input) {
        JsonNode response = input.path(ToolUseTransformer.RESPONSE);
        if (response.isString()) {
            return response.stringValue();
        }
        return response.isMissingNode() || response.isNull() ? "" : Json.write(response);
    }

    private List<StreamEvent> textBlock(String text) {
        if (text.isBlank()) {
            return List.of();
        }
        int index = next++;
        return List.of(
                new StreamEvent.BlockStart(index, Content.Text.of("")),
                new StreamEvent.BlockDelta(index, new StreamEvent.Delta.Text(text)),
                new StreamEvent.BlockStop(index));
    }
}
