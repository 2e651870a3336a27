package dev.modelrouter.transform;

import dev.modelrouter.model.Content;
import dev.modelrouter.model.StreamEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;

/**
 * One answer's events with the reasoning a model wrote inside tags ({@code <think>...</think>}) in its
 * text moved into a thinking block. Works delta by delta: a tag split across deltas is held back only
 * as long as it may still be a tag. Only the first tag pair of an answer counts, as in
 * claude-code-router; later tags are text. A tag left open ends with its text block. Blocks are
 * renumbered as they pass, because one text block can become up to three.
 *
 * <p>No signature is added to the thinking block: the OpenAI codec invents none either, and an invented
 * one would be replayed to Anthropic as if it were real.
 */
final class TaggedThinkingStream {

    private enum State {
        SEARCHING,
        THINKING,
        DONE
    }

    private final String open;
    private final String close;

    private State state = State.SEARCHING;
    private int next;
    private final Map<Integer, Integer> indexes = new HashMap<>();

    // The upstream text block being split; -1 when none is open.
    private int textIndex = -1;
    private StreamEvent.BlockStart textStart = new StreamEvent.BlockStart(0, Content.Text.of(""));
    private int outText = -1;
    private int outThinking = -1;
    private String carry = "";
    private final List<String> heldBlank = new ArrayList<>();
    private boolean tagInBlock;
    private boolean trimLeading;

    TaggedThinkingStream(String open, String close) {
        this.open = open;
        this.close = close;
    }

    /** {@code events} with tagged reasoning split out, one reader per subscription. */
    static Flux<StreamEvent> apply(Flux<StreamEvent> events, String open, String close) {
        return Flux.defer(() -> {
            TaggedThinkingStream stream = new TaggedThinkingStream(open, close);
            return events.concatMapIterable(stream::onEvent);
        });
    }

    List<StreamEvent> onEvent(StreamEvent event) {
        if (event instanceof StreamEvent.BlockStart start) {
            if (state != State.DONE && start.block() instanceof Content.Text) {
                beginText(start);
                return List.of();
            }
            int index = next++;
            indexes.put(start.index(), index);
            return List.of(index == start.index() ? start : new StreamEvent.BlockStart(index, start.block()));
        } else if (event instanceof StreamEvent.BlockDelta delta) {
            if (delta.index() != textIndex) {
                return List.of(remapped(delta));
            }
            List<StreamEvent> out = new ArrayList<>(2);
            if (delta.delta() instanceof StreamEvent.Delta.Text text) {
                split(carry.isEmpty() ? text.text() : carry + text.text(), out);
            } else {
                // not text, so not ours to split; it belongs to the text block
                flushCarry(out);
                closeThinking(out);
                openText(out);
                out.add(new StreamEvent.BlockDelta(outText, delta.delta()));
            }
            return out;
        } else if (event instanceof StreamEvent.BlockStop stop) {
            if (stop.index() != textIndex) {
                return List.of(new StreamEvent.BlockStop(mapped(stop.index())));
            }
            return endText();
        } else if (event instanceof StreamEvent.Start
                || event instanceof StreamEvent.Stop
                || event instanceof StreamEvent.Ping) {
            return List.of(event);
        }
        throw new IllegalStateException(
                "unhandled stream event " + event.getClass().getName());
    }

    private void beginText(StreamEvent.BlockStart start) {
        textIndex = start.index();
        textStart = start;
        outText = -1;
        outThinking = -1;
        carry = "";
        heldBlank.clear();
        tagInBlock = false;
    }

    /** Consumes {@code text} (the held-back carry plus a new delta) in the current state. */
    private void split(String text, List<StreamEvent> out) {
        carry = "";
        String rest = text;
        while (!rest.isEmpty()) {
            if (state == State.SEARCHING) {
                int at = rest.indexOf(open);
                if (at < 0) {
                    int keep = partialTag(rest, open);
                    emitText(rest.substring(0, rest.length() - keep), out);
                    carry = rest.substring(rest.length() - keep);
                    return;
                }
                emitText(rest.substring(0, at), out);
                closeText(out);
                heldBlank.clear(); // blank text before the tag is no answer
                tagInBlock = true;
                outThinking = next++;
                out.add(new StreamEvent.BlockStart(outThinking, new Content.Thinking("", null)));
                state = State.THINKING;
                rest = rest.substring(at + open.length());
            } else if (state == State.THINKING) {
                int at = rest.indexOf(close);
                if (at < 0) {
                    int keep = partialTag(rest, close);
                    emitThinking(rest.substring(0, rest.length() - keep), out);
                    carry = rest.substring(rest.length() - keep);
                    return;
                }
                emitThinking(rest.substring(0, at), out);
                closeThinking(out);
                trimLeading = true; // the newlines after the closing tag only separate it from the answer
                rest = rest.substring(at + close.length());
            } else {
                emitText(rest, out);
                return;
            }
        }
    }

    private List<StreamEvent> endText() {
        List<StreamEvent> out = new ArrayList<>(3);
        flushCarry(out);
        if (outText < 0 && !tagInBlock) {
            openText(out); // a blank or empty text block with no tag passes as it came
        }
        closeThinking(out);
        closeText(out);
        textIndex = -1;
        heldBlank.clear();
        trimLeading = false;
        return out;
    }

    // A partial tag at the end of a block was not a tag after all.
    private void flushCarry(List<StreamEvent> out) {
        String rest = carry;
        carry = "";
        if (state == State.THINKING) {
            emitThinking(rest, out);
        } else {
            emitText(rest, out);
        }
    }

    private void emitText(String text, List<StreamEvent> out) {
        String piece = text;
        if (trimLeading) {
            piece = piece.stripLeading();
            if (piece.isEmpty()) {
                return;
            }
            trimLeading = false;
        }
        if (piece.isEmpty()) {
            return;
        }
        if (outText < 0 && piece.isBlank()) {
            heldBlank.add(piece); // no text block for whitespace that may precede a tag
            return;
        }
        openText(out);
        out.add(new StreamEvent.BlockDelta(outText, new StreamEvent.Delta.Text(piece)));
    }

    private void emitThinking(String text, List<StreamEvent> out) {
        if (!text.isEmpty()) {
            out.add(new StreamEvent.BlockDelta(outThinking, new StreamEvent.Delta.Thinking(text)));
        }
    }

    private void openText(List<StreamEvent> out) {
        if (outText >= 0) {
            return;
        }
        outText = next++;
        out.add(outText == textStart.index() ? textStart : new StreamEvent.BlockStart(outText, textStart.block()));
        for (String blank : heldBlank) {
            out.add(new StreamEvent.BlockDelta(outText, new StreamEvent.Delta.Text(blank)));
        }
        heldBlank.clear();
    }

    private void closeText(List<StreamEvent> out) {
        if (outText >= 0) {
            out.add(new StreamEvent.BlockStop(outText));
            outText = -1;
        }
    }

    private void closeThinking(List<StreamEvent> out) {
        if (outThinking >= 0) {
            out.add(new StreamEvent.BlockStop(outThinking));
            outThinking = -1;
            if (state == State.THINKING) {
                state = State.DONE; // an unclosed tag ends with its block
            }
        }
    }

    private StreamEvent remapped(StreamEvent.BlockDelta delta) {
        int index = mapped(delta.index());
        return index == delta.index() ? delta : new StreamEvent.BlockDelta(index, delta.delta());
    }

    private int mapped(int index) {
        return indexes.getOrDefault(index, index);
    }

    /** How many characters at the end of {@code text} may begin {@code tag}. */
    static int partialTag(String text, String tag) {
        for (int length = Math.min(tag.length() - 1, text.length()); length > 0; length--) {
            if (text.regionMatches(text.length() - length, tag, 0, length)) {
                return length;
            }
        }
        return 0;
    }
}
