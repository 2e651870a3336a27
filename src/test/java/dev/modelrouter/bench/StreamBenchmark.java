package dev.modelrouter.bench;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.SseDecoder;
import dev.modelrouter.protocol.SseFrame;
import dev.modelrouter.protocol.anthropic.AnthropicProtocol;
import dev.modelrouter.protocol.openai.OpenAiProtocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;
import tools.jackson.databind.json.JsonMapper;

/**
 * One whole streamed answer of {@value BenchStreams#EVENTS} upstream events converted to the client's
 * protocol, the way the pipeline's stream translation does it per network chunk: bytes, SSE frames,
 * canonical events, client frames, bytes. Time is per stream; divide by {@value BenchStreams#EVENTS}
 * for time per event.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class StreamBenchmark {

    /** Text deltas in the short streams, as {@code scripts/bench} has its upstream send. */
    static final int SHORT = 20;

    private final AnthropicProtocol anthropic = new AnthropicProtocol();
    private final OpenAiProtocol openai = new OpenAiProtocol();
    private byte[][] openAiChunks = new byte[0][];
    private byte[][] openAiToolCallChunks = new byte[0][];
    private byte[][] anthropicChunks = new byte[0][];
    private byte[][] recordedAnthropic = new byte[0][];
    private byte[][] shortAnthropic = new byte[0][];
    private byte[][] shortOpenAi = new byte[0][];
    private ChatRequest anthropicClient = ChatRequest.builder().model("unset").build();
    private ChatRequest openAiUpstream = anthropicClient;
    private ChatRequest openAiClient = anthropicClient;

    @Setup
    public void load() {
        JsonMapper json = JsonMapper.builder().build();
        openAiChunks = BenchStreams.chunks(BenchStreams.openAiEvents());
        openAiToolCallChunks = BenchStreams.chunks(BenchStreams.openAiToolCallEvents());
        anthropicChunks = BenchStreams.chunks(BenchStreams.anthropicEvents());
        recordedAnthropic = new byte[][] {BenchStreams.resource("/fixtures/anthropic/thinking-text-tool.stream.sse")};
        shortAnthropic = BenchUpstream.anthropicStream(SHORT).toArray(new byte[0][]);
        shortOpenAi = BenchUpstream.openAiStream(SHORT).toArray(new byte[0][]);
        anthropicClient = anthropic.readRequest(
                json.readTree(BenchStreams.resource("/fixtures/claude-code/main-turn.request.json")));
        openAiUpstream = anthropicClient.withModel("deepseek-chat");
        openAiClient = openai.readRequest(
                json.readTree(BenchStreams.resource("/fixtures/openai/claude-code-tools.request.json")));
    }

    /** An OpenAI-compatible provider's stream to Claude Code. */
    @Benchmark
    public long openAiToAnthropic1000(Blackhole out) {
        return translate(openAiChunks, openai, anthropic, openAiUpstream, anthropicClient, out);
    }

    /** An Anthropic provider's stream to an OpenAI client. */
    /** An OpenAI-compatible provider's Edit call, in argument fragments, to Claude Code. */
    @Benchmark
    public long openAiToolCallToAnthropic1000(Blackhole out) {
        return translate(openAiToolCallChunks, openai, anthropic, openAiUpstream, anthropicClient, out);
    }

    @Benchmark
    public long anthropicToOpenAi1000(Blackhole out) {
        return translate(anthropicChunks, anthropic, openai, openAiClient, openAiClient, out);
    }

    /**
     * What the passthrough relay's tap reads of one answer ({@code pipeline.ForwardTap}): SSE frames and
     * canonical events of the {@code scripts/bench} upstream's {@value #SHORT}-delta stream, one event per chunk.
     */
    @Benchmark
    public long anthropicTapShort(Blackhole out) {
        return tap(shortAnthropic, out);
    }

    /** The tap over the thinking, text and tool-use fixture stream, read as one chunk. */
    @Benchmark
    public long anthropicTapFixture(Blackhole out) {
        return tap(recordedAnthropic, out);
    }

    /** The {@code scripts/bench} upstream's {@value #SHORT}-delta OpenAI stream to Claude Code, one event per chunk. */
    @Benchmark
    public long openAiToAnthropicShort(Blackhole out) {
        return translate(shortOpenAi, openai, anthropic, openAiUpstream, anthropicClient, out);
    }

    private long tap(byte[][] chunks, Blackhole out) {
        SseDecoder decoder = new SseDecoder();
        Protocol.StreamReader reader = anthropic.newStreamReader(anthropicClient);
        long events = 0;
        for (byte[] chunk : chunks) {
            for (SseFrame frame : decoder.feed(chunk)) {
                List<StreamEvent> read = reader.onFrame(frame);
                events += read.size();
                out.consume(read);
            }
        }
        out.consume(reader.onEnd());
        return events;
    }

    /** The steps of {@code pipeline.StreamTranslation}, without Reactor; returns the bytes written. */
    private static long translate(
            byte[][] chunks, Protocol upstream, Protocol client, ChatRequest sent, ChatRequest asked, Blackhole out) {
        SseDecoder decoder = new SseDecoder();
        Protocol.StreamReader reader = upstream.newStreamReader(sent);
        Protocol.StreamWriter writer = client.newStreamWriter(asked);
        long written = 0;
        for (byte[] chunk : chunks) {
            List<StreamEvent> events = new ArrayList<>();
            for (SseFrame frame : decoder.feed(chunk)) {
                events.addAll(reader.onFrame(frame));
            }
            written += emit(write(writer, events), out);
        }
        List<StreamEvent> events = new ArrayList<>();
        for (SseFrame frame : decoder.finish()) {
            events.addAll(reader.onFrame(frame));
        }
        events.addAll(reader.onEnd());
        List<SseFrame> frames = new ArrayList<>(write(writer, events));
        frames.addAll(writer.onComplete());
        return written + emit(frames, out);
    }

    private static List<SseFrame> write(Protocol.StreamWriter writer, List<StreamEvent> events) {
        List<SseFrame> frames = new ArrayList<>(events.size() + 1);
        for (StreamEvent e : events) {
            frames.addAll(writer.onEvent(e));
        }
        return frames;
    }

    private static int emit(List<SseFrame> frames, Blackhole out) {
        if (frames.isEmpty()) {
            return 0;
        }
        byte[] bytes;
        if (frames.size() == 1) {
            bytes = frames.get(0).bytes();
        } else {
            StringBuilder sb = new StringBuilder(frames.size() * 128);
            for (SseFrame f : frames) {
                sb.append(f.encode());
            }
            bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        }
        out.consume(bytes);
        return bytes.length;
    }
}
