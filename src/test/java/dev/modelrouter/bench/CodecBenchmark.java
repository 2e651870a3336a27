package dev.modelrouter.bench;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.protocol.EscapedStrings;
import dev.modelrouter.protocol.anthropic.AnthropicProtocol;
import dev.modelrouter.protocol.anthropic.AnthropicRequestScanner;
import dev.modelrouter.protocol.openai.OpenAiProtocol;
import dev.modelrouter.routing.TokenCounter;
import dev.modelrouter.upstream.RequestBody;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;

/**
 * The request side of a Claude Code turn: the pass-through fast path (scan, rewrite the model), the
 * translated path's codec work (Anthropic JSON bytes to OpenAI JSON bytes), and the token count,
 * for the recorded ~50 KB main turn and a ~2 KB turn.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class CodecBenchmark {

    private final JsonMapper json = JsonMapper.builder().build();
    private final AnthropicProtocol anthropic = new AnthropicProtocol();
    private final OpenAiProtocol openai = new OpenAiProtocol();
    private final TokenCounter tokens = new TokenCounter();
    private byte[] small = new byte[0];
    private byte[] large = new byte[0];
    private ChatRequest largeRequest = ChatRequest.builder().model("unset").build();

    @Setup
    public void load() {
        small = BenchStreams.resource("/fixtures/bench/small-turn.request.json");
        large = BenchStreams.resource("/fixtures/claude-code/main-turn.request.json");
        largeRequest = anthropic.readRequest(json.readTree(large));
    }

    /**
     * What the pass-through path sends since it stopped copying the body: pieces of the client's
     * bytes around the new model, wrapped as one Netty buffer (released here as the socket write does).
     */
    @Benchmark
    public int scanSplice50k() {
        ByteBuf sent = RequestBody.of(AnthropicRequestScanner.scan(large).rewritten("other-model"))
                .buffer();
        int length = sent.readableBytes();
        sent.release();
        return length;
    }

    @Benchmark
    public byte[] anthropicToOpenAi2k() {
        return toOpenAi(small);
    }

    @Benchmark
    public byte[] anthropicToOpenAi50k() {
        return toOpenAi(large);
    }

    /** The translation as it was before {@link EscapedStrings}: every string decoded, then escaped again. */
    @Benchmark
    public byte[] anthropicToOpenAi50kEscapingAgain() {
        ChatRequest request = anthropic.readRequest(json.readTree(large)).withModel("deepseek-chat");
        return json.writeValueAsBytes(openai.writeRequest(request));
    }

    @Benchmark
    public int tokenCount50k() {
        return tokens.count(largeRequest);
    }

    private byte[] toOpenAi(byte[] body) {
        // as the daemon does it (Intake, Translate): long strings are copied from the client's body
        ChatRequest request =
                anthropic.readRequest(EscapedStrings.read(json, body)).withModel("deepseek-chat");
        return EscapedStrings.write(json, openai.writeRequest(request));
    }
}
