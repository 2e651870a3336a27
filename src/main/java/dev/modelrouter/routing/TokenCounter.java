package dev.modelrouter.routing;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.Target;
import dev.modelrouter.config.Tokenizers;
import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Content;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Scenario;
import dev.modelrouter.model.Tool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts a request's prompt tokens with cl100k_base, as claude-code-router does: system, message
 * text, tool calls and results, tool definitions; images and documents' binary data excluded. It is
 * an estimate of the provider's own count, good enough for routing and for answering count_tokens.
 * A provider's {@code tokenizer} (see {@link Tokenizers}) replaces cl100k for requests that go to it: the
 * request's explicit {@code provider,model}, else the default route's first target, as ccr counts before
 * it routes.
 */
public final class TokenCounter {

    private static final Logger LOG = LoggerFactory.getLogger(TokenCounter.class);

    /** Loading cl100k's ranks takes ~0.3 s of CPU; the holder defers it to the first use or {@link #preload}. */
    private static final class Cl100k {
        static final Encoding ENCODING = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
    }

    /** Loads the encoding now (a no-op once loaded), so that the first count does not wait for it. */
    public static void preload() {
        Cl100k.ENCODING.getName();
    }

    private static final ToIntFunction<String> CL100K = text -> Cl100k.ENCODING.countTokensOrdinary(text);

    private final Supplier<@Nullable RouterConfig> config;
    private final @Nullable HubTokenizers hub;
    private final Map<Path, ToIntFunction<String>> files = new ConcurrentHashMap<>();

    /** A counter that always uses cl100k. */
    public TokenCounter() {
        this(() -> null);
    }

    /** @param config the live config, whose providers' tokenizers apply; Hub models count with cl100k */
    public TokenCounter(Supplier<@Nullable RouterConfig> config) {
        this(config, null);
    }

    /**
     * @param config the live config, whose providers' tokenizers apply
     * @param hub where tokenizers given by Hub model name come from, or null to count those with cl100k
     */
    public TokenCounter(Supplier<@Nullable RouterConfig> config, @Nullable HubTokenizers hub) {
        this.config = config;
        this.hub = hub;
    }

    /** The prompt token count of a request, with the tokenizer of the provider it goes to. */
    public int count(ChatRequest request) {
        ToIntFunction<String> tokenizer = tokenizer(request);
        int n = 0;
        for (Content.Text t : request.system()) {
            n += count(tokenizer, t.text());
        }
        for (Message m : request.messages()) {
            for (Content c : m.content()) {
                n += count(tokenizer, c);
            }
        }
        for (Tool tool : request.tools()) {
            if (tool instanceof Tool.Function f) {
                n += count(tokenizer, f.name())
                        + count(tokenizer, f.description())
                        + count(tokenizer, f.inputSchema().toString());
            } else {
                n += count(tokenizer, tool.name());
            }
        }
        return n;
    }

    /** The token count of one text, with cl100k. */
    public int count(@Nullable String text) {
        return count(CL100K, text);
    }

    private static int count(ToIntFunction<String> tokenizer, @Nullable String text) {
        return text == null || text.isEmpty() ? 0 : tokenizer.applyAsInt(text);
    }

    private ToIntFunction<String> tokenizer(ChatRequest request) {
        RouterConfig current = config.get();
        if (current == null) {
            return CL100K;
        }
        Optional<Target> target = current.resolve(request.model());
        if (target.isEmpty()) {
            List<Target> defaults = current.router().targets(Scenario.DEFAULT);
            target = defaults.isEmpty() ? Optional.empty() : Optional.of(defaults.get(0));
        }
        return target.flatMap(t -> Tokenizers.of(current, t.provider(), t.model()))
                .map(this::tokenizer)
                .orElse(CL100K);
    }

    private ToIntFunction<String> tokenizer(Tokenizers.Spec spec) {
        if (spec instanceof Tokenizers.Spec.Tiktoken t) {
            return t.encoding().equals("cl100k_base") ? CL100K : Registry.encoding(t.encoding());
        } else if (spec instanceof Tokenizers.Spec.HuggingFace h) {
            return files.computeIfAbsent(h.file(), TokenCounter::huggingFace);
        } else if (spec instanceof Tokenizers.Spec.Hub h) {
            return hub == null ? CL100K : hub.tokenizer(h.model()).orElse(CL100K);
        }
        // the provider's count endpoint answers count_tokens; routing cannot wait for it
        return CL100K;
    }

    private static ToIntFunction<String> huggingFace(Path file) {
        try {
            return HfTokenizer.read(file)::count;
        } catch (IOException | RuntimeException e) {
            LOG.warn("tokenizer {} does not load, counting with cl100k_base instead: {}", file, e.getMessage());
            return CL100K;
        }
    }

    /** jtokkit's other encodings, loaded on first use. */
    private static final class Registry {
        private static final com.knuddels.jtokkit.api.EncodingRegistry ENCODINGS = Encodings.newLazyEncodingRegistry();

        static ToIntFunction<String> encoding(String name) {
            Encoding encoding = ENCODINGS
                    .getEncoding(name)
                    .orElseThrow(() -> new IllegalStateException(
                            "unknown encoding " + name + ", which config validation refuses"));
            return encoding::countTokensOrdinary;
        }
    }

    private static int count(ToIntFunction<String> tokenizer, Content c) {
        if (c instanceof Content.Text t) {
            return count(tokenizer, t.text());
        } else if (c instanceof Content.Thinking t) {
            return count(tokenizer, t.text());
        } else if (c instanceof Content.ToolUse t) {
            return count(tokenizer, t.name()) + count(tokenizer, t.input().toString());
        } else if (c instanceof Content.ToolResult r) {
            int n = 0;
            for (Content inner : r.content()) {
                n += count(tokenizer, inner);
            }
            return n;
        } else if (c instanceof Content.Document d) {
            return d.source() instanceof Content.Source.PlainText p ? count(tokenizer, p.text()) : 0;
        } else if (c instanceof Content.ToolReference r) {
            return count(tokenizer, r.toolName());
        } else if (c instanceof Content.ServerToolUse s) {
            return count(tokenizer, s.input().toString());
        } else if (c instanceof Content.Image
                || c instanceof Content.RedactedThinking
                || c instanceof Content.ServerToolResult) {
            return 0;
        }
        throw new IllegalStateException("unhandled content block " + c.getClass());
    }
}
