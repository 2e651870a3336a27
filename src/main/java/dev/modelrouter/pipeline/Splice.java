package dev.modelrouter.pipeline;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.model.Usage;
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
 * attempts up. One instance per stream.
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
    private boolean toolSeen;
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
            toolSeen |= s.block() instanceof Content.ToolUse || s.block() instanceof Content.ServerToolUse;
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
            }
        } else if (event instanceof StreamEvent.Stop) {
            stopped = true;
        } else if (event instanceof StreamEvent.BlockStop) {
            if (openBlock instanceof Content.Text) {
                texts.add(openText.toString());
            }
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
        if (toolSeen) {
            return "the stream broke off after a tool call had started, which another model cannot finish";
        }
        if (openBlock != null && !(openBlock instanceof Content.Text)) {
            return "the stream broke off in the middle of the model's reasoning";
        }
        return null;
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
                        if (first[0] && cutIndex >= 0) {
                            out.add(new StreamEvent.BlockStop(cutIndex));
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
                    if (first[0] && cutIndex >= 0) {
                        out.add(new StreamEvent.BlockStop(cutIndex));
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
