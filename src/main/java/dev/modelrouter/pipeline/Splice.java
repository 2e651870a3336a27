package dev.modelrouter.pipeline;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.StopReason;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.Usage;
import dev.modelrouter.protocol.SignatureCarrier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * Mid-stream failover for one stream: records what reached the client, and when the upstream breaks,
 * grafts a fallback's answer onto the same client stream. The fallback gets the original request plus
 * the partial answer, as an assistant prefill or as a request to continue it ({@link Form}); its events are renumbered so block indexes stay
 * contiguous, its first text block continues the one that was cut, and the final usage adds both
 * attempts up. A thinking block that was cut is closed with the router's empty signature
 * ({@link SignatureCarrier#NONE}: never replayed to Anthropic as its own) before the fallback's blocks.
 * A stream that broke after whole tool calls reached the client ends there instead ({@link #endAtToolCalls}).
 * One instance per stream.
 */
final class Splice {

    /** How a fallback is asked to continue the partial answer. */
    enum Form {
        /** The partial answer as the assistant's unfinished last turn, which the model continues. */
        PREFILL,
        /** The partial answer as a finished assistant turn, then a user turn asking to continue it. */
        REQUEST
    }

    /** How many of the answer's last words the continuation request quotes. */
    private static final int QUOTED_WORDS = 12;

    private StreamEvent.@Nullable Start start;
    private final List<String> texts = new ArrayList<>();
    private int nextIndex;
    private int openIndex = -1;
    private @Nullable Content openBlock;
    private final StringBuilder openText = new StringBuilder();
    private boolean openSigned;
    private boolean toolCalled;
    private boolean serverToolSeen;
    private boolean stopped;
    private long outputChars;

    /** Records one event that reached the client. */
    void observe(StreamEvent event) {
        if (event instanceof StreamEvent.Start s) {
            start = s;
        } else if (event instanceof StreamEvent.BlockStart s) {
            openIndex = s.index();
            openBlock = s.block();
            openText.setLength(0);
            nextIndex = Math.max(nextIndex, s.index() + 1);
            serverToolSeen |= s.block() instanceof Content.ServerToolUse;
            openSigned = s.block() instanceof Content.Thinking t
                    && t.signature() != null
                    && !t.signature().isEmpty();
            if (s.block() instanceof Content.Text t) {
                openText.append(t.text());
            }
        } else if (event instanceof StreamEvent.BlockDelta d) {
            if (d.delta() instanceof StreamEvent.Delta.Text t) {
                openText.append(t.text());
                outputChars += t.text().length();
            } else if (d.delta() instanceof StreamEvent.Delta.Thinking t) {
                outputChars += t.text().length();
            } else if (d.delta() instanceof StreamEvent.Delta.ToolInput t) {
                outputChars += t.partialJson().length();
            } else if (d.delta() instanceof StreamEvent.Delta.Signature && d.index() == openIndex) {
                openSigned = true;
            }
        } else if (event instanceof StreamEvent.Stop) {
            stopped = true;
        } else if (event instanceof StreamEvent.BlockStop) {
            if (openBlock instanceof Content.Text) {
                texts.add(openText.toString());
            }
            toolCalled |= openBlock instanceof Content.ToolUse;
            openIndex = -1;
            openBlock = null;
            openText.setLength(0);
        }
    }

    /** Whether the stream's final event was seen: an answer that ends without it is truncated. */
    boolean complete() {
        return stopped;
    }

    /** Why the stream cannot be continued, or {@code null} when it can. */
    @Nullable
    String cannotContinue() {
        if (serverToolSeen) {
            return "the stream broke off after a server tool call (such as a web search), whose results another"
                    + " model cannot see";
        }
        if (openBlock instanceof Content.ToolUse) {
            return "the stream broke off inside a tool call that had reached the client, which another model"
                    + " cannot finish";
        }
        return null;
    }

    /**
     * Whether whole tool calls reached the client before the stream broke: the turn is then complete
     * as it stands (the client runs the calls and sends their results), while a fallback could not go
     * on from it, since a tool call must be followed by its result.
     */
    boolean endsAtToolCalls() {
        return toolCalled;
    }

    /** The end of a stream that broke after whole tool calls: the open block closed, then a tool_use stop. */
    Flux<StreamEvent> endAtToolCalls() {
        List<StreamEvent> out = new ArrayList<>(closeOpen());
        Usage before = start == null ? Usage.ZERO : start.usage();
        out.add(new StreamEvent.Stop(
                StopReason.TOOL_USE,
                null,
                new Usage(before.input(), (int) (outputChars / 4), before.cacheRead(), before.cacheWrite())));
        return Flux.fromIterable(out);
    }

    /**
     * What closes the block that was open when the stream broke: a thinking block that got no signature
     * gets the router's empty one, so it is never replayed to Anthropic as Anthropic's; nothing when
     * no block was open.
     */
    private List<StreamEvent> closeOpen() {
        if (openIndex < 0) {
            return List.of();
        }
        if (openBlock instanceof Content.Thinking && !openSigned) {
            return List.of(
                    new StreamEvent.BlockDelta(openIndex, new StreamEvent.Delta.Signature(SignatureCarrier.NONE)),
                    new StreamEvent.BlockStop(openIndex));
        }
        return List.of(new StreamEvent.BlockStop(openIndex));
    }

    /** Whether anything of the answer reached the client, so the fallback must continue it. */
    boolean needsPrefill() {
        return !prefill().isEmpty();
    }

    /** The request that makes a fallback continue where the stream broke, in {@code form}. */
    ChatRequest continuation(ChatRequest original, Form form) {
        String prefill = prefill();
        if (prefill.isEmpty()) {
            return original;
        }
        List<Message> messages = new ArrayList<>(original.messages());
        messages.add(Message.of(Role.ASSISTANT, prefill));
        if (form == Form.REQUEST) {
            messages.add(Message.of(
                    Role.USER,
                    "Your answer above was cut off after the words \""
                            + lastWords(prefill)
                            + "\". Continue it from exactly that point: begin with what comes next,"
                            + " repeat nothing of what you already wrote, and add no preamble or comment."));
        }
        return original.withMessages(messages);
    }

    /** The answer's text as the client received it, whitespace and all. */
    String seen() {
        StringBuilder sb = new StringBuilder();
        texts.forEach(sb::append);
        if (openBlock instanceof Content.Text) {
            sb.append(openText);
        }
        return sb.toString();
    }

    private static String lastWords(String text) {
        String[] words = text.split("\\s+");
        int from = Math.max(0, words.length - QUOTED_WORDS);
        return (from > 0 ? "..." : "")
                + String.join(" ", java.util.Arrays.asList(words).subList(from, words.length));
    }

    /** The answer so far as one text, without trailing whitespace (which Anthropic refuses in a prefill). */
    private String prefill() {
        return seen().stripTrailing();
    }

    /** The fallback's events, fitted into this stream. */
    Flux<StreamEvent> adopt(Flux<StreamEvent> fallback) {
        return Flux.defer(() -> {
            Map<Integer, Integer> indexes = new HashMap<>();
            boolean[] first = {true};
            boolean continuing = openBlock instanceof Content.Text;
            int cutIndex = openIndex;
            List<StreamEvent> closing = closeOpen();
            Usage before = start == null ? Usage.ZERO : start.usage();
            int beforeOutput = (int) (outputChars / 4);
            return fallback.concatMapIterable(e -> {
                List<StreamEvent> out = new ArrayList<>(2);
                if (e instanceof StreamEvent.Start s) {
                    if (start == null) {
                        out.add(s);
                    }
                } else if (e instanceof StreamEvent.BlockStart s) {
                    if (first[0] && continuing && s.block() instanceof Content.Text) {
                        indexes.put(s.index(), cutIndex);
                    } else {
                        if (first[0]) {
                            out.addAll(closing);
                        }
                        indexes.put(s.index(), nextIndex);
                        out.add(new StreamEvent.BlockStart(nextIndex++, s.block()));
                    }
                    first[0] = false;
                } else if (e instanceof StreamEvent.BlockDelta d) {
                    out.add(new StreamEvent.BlockDelta(indexes.getOrDefault(d.index(), d.index()), d.delta()));
                } else if (e instanceof StreamEvent.BlockStop s) {
                    out.add(new StreamEvent.BlockStop(indexes.getOrDefault(s.index(), s.index())));
                } else if (e instanceof StreamEvent.Stop s) {
                    if (first[0]) {
                        out.addAll(closing);
                    }
                    Usage u = s.usage();
                    out.add(new StreamEvent.Stop(
                            s.reason(),
                            s.stopSequence(),
                            new Usage(
                                    before.input() + u.input(), beforeOutput + u.output(),
                                    before.cacheRead() + u.cacheRead(), before.cacheWrite() + u.cacheWrite())));
                } else {
                    out.add(e);
                }
                return out;
            });
        });
    }
}
