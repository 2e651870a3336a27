package dev.modelrouter.fuzz;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.model.Message;
import dev.modelrouter.model.Role;
import dev.modelrouter.model.StreamEvent;
import dev.modelrouter.protocol.Protocol;
import dev.modelrouter.protocol.SseDecoder;
import dev.modelrouter.protocol.SseFrame;
import dev.modelrouter.protocol.WireJson;
import dev.modelrouter.protocol.anthropic.AnthropicProtocol;
import dev.modelrouter.protocol.gemini.GeminiProtocol;
import dev.modelrouter.protocol.openai.OpenAiProtocol;
import dev.modelrouter.protocol.responses.ResponsesProtocol;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;

/**
 * Every upstream stream and answer reader, fed mutated recorded streams (frames changed, dropped,
 * repeated or reordered): it yields events or fails with the error the client will be told, and the
 * events it yields can be written to every client protocol. A malicious or broken provider must not be
 * able to make the router throw anything else.
 */
class StreamReadersFuzzProperties {

    private static final ChatRequest REQUEST =
            ChatRequest.builder().model("m").addMessage(Message.of(Role.USER, "hi")).stream(true)
                    .build();

    private static final List<Protocol> CLIENTS =
            List.of(new AnthropicProtocol(), new OpenAiProtocol(), new GeminiProtocol());

    @Property
    void anthropicStreamsAreReadOrFailClearly(@ForAll("anthropicStreams") List<SseFrame> frames) {
        readStream(new AnthropicProtocol(), frames);
    }

    @Property
    void openAiStreamsAreReadOrFailClearly(@ForAll("openAiStreams") List<SseFrame> frames) {
        readStream(new OpenAiProtocol(), frames);
    }

    @Property
    void geminiStreamsAreReadOrFailClearly(@ForAll("geminiStreams") List<SseFrame> frames) {
        readStream(new GeminiProtocol(), frames);
    }

    @Property
    void responsesStreamsAreReadOrFailClearly(@ForAll("responsesStreams") List<SseFrame> frames) {
        readStream(new ResponsesProtocol(), frames);
    }

    @Property
    void answersAreReadOrFailClearly(@ForAll("answers") String body) {
        JsonNode tree = WireJson.tryParse(body);
        if (tree == null) {
            return;
        }
        for (Protocol upstream :
                List.of(new AnthropicProtocol(), new OpenAiProtocol(), new GeminiProtocol(), new ResponsesProtocol())) {
            Verdicts.refusesClearly(body, () -> {
                var response = upstream.readResponse(tree, REQUEST);
                for (Protocol client : CLIENTS) {
                    client.writeResponse(response, REQUEST);
                }
            });
        }
    }

    @Property
    void theEventDecoderTakesAnyBytesInAnyChunks(@ForAll("sseBytes") byte[] bytes, @ForAll("cuts") List<Integer> cuts) {
        SseDecoder decoder = new SseDecoder();
        int at = 0;
        for (int cut : cuts) {
            int end = Math.min(bytes.length, at + cut);
            decoder.feed(bytes, at, end - at);
            at = end;
        }
        decoder.feed(bytes, at, bytes.length - at);
        decoder.finish();
    }

    private static void readStream(Protocol upstream, List<SseFrame> frames) {
        String input = frames.toString();
        Verdicts.refusesClearly(input, () -> {
            Protocol.StreamReader reader = upstream.newStreamReader(REQUEST);
            List<StreamEvent> events = new ArrayList<>();
            try {
                for (SseFrame frame : frames) {
                    events.addAll(reader.onFrame(frame));
                }
                events.addAll(reader.onEnd());
            } finally {
                writeEverywhere(events, input);
            }
        });
    }

    /** What a reader emitted before it failed still reaches the client; every writer must take it. */
    private static void writeEverywhere(List<StreamEvent> events, String input) {
        for (Protocol client : CLIENTS) {
            Verdicts.refusesClearly(input, () -> {
                Protocol.StreamWriter writer = client.newStreamWriter(REQUEST);
                for (StreamEvent event : events) {
                    writer.onEvent(event);
                }
                writer.onComplete();
            });
        }
    }

    @Provide
    Arbitrary<List<SseFrame>> anthropicStreams() {
        return streams("fixtures/anthropic/thinking-text-tool.stream.sse", "fixtures/openai/tool-calls.stream.sse");
    }

    @Provide
    Arbitrary<List<SseFrame>> openAiStreams() {
        return streams(
                "fixtures/openai/parallel-tool-calls.upstream.sse",
                "fixtures/openai/reasoning-then-text.upstream.sse",
                "fixtures/openai/usage-in-last-chunk.upstream.sse",
                "fixtures/openai/kimi-ids.upstream.sse",
                "fixtures/openai/error-chunk.upstream.sse");
    }

    @Provide
    Arbitrary<List<SseFrame>> geminiStreams() {
        return streams(
                "fixtures/gemini/parallel-function-calls.upstream.sse",
                "fixtures/gemini/function-call-then-stop.upstream.sse",
                "fixtures/gemini/error-frame.upstream.sse",
                "fixtures/gemini/malformed-function-call.upstream.sse");
    }

    @Provide
    Arbitrary<List<SseFrame>> responsesStreams() {
        return streams(
                "fixtures/responses/function-call.upstream.sse",
                "fixtures/responses/reasoning-then-text.upstream.sse",
                "fixtures/responses/parallel-calls.upstream.sse",
                "fixtures/responses/failed.upstream.sse",
                "fixtures/responses/incomplete-max-tokens.upstream.sse");
    }

    @Provide
    Arbitrary<String> answers() {
        return Mutations.of(Mutations.seeds(
                "fixtures/anthropic/tool-use.response.json",
                "fixtures/anthropic/stop-sequence.response.json",
                "fixtures/openai/tool-calls.upstream.json",
                "fixtures/openai/client-tools.upstream.json",
                "fixtures/gemini/gemini-cli.upstream.json",
                "fixtures/responses/completed-with-tools.upstream.json"));
    }

    @Provide
    Arbitrary<byte[]> sseBytes() {
        List<String> seeds = Mutations.seeds(
                "fixtures/openai/parallel-tool-calls.upstream.sse", "fixtures/anthropic/thinking-text-tool.stream.sse");
        return Arbitraries.randomValue(random -> Mutations.mutate(seeds.get(random.nextInt(seeds.size())), random)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, 64).list().ofMaxSize(20);
    }

    private static Arbitrary<List<SseFrame>> streams(String... resources) {
        List<List<SseFrame>> seeds = new ArrayList<>();
        for (String text : Mutations.seeds(resources)) {
            SseDecoder decoder = new SseDecoder();
            List<SseFrame> frames = new ArrayList<>(decoder.feed(text.getBytes(StandardCharsets.UTF_8)));
            frames.addAll(decoder.finish());
            seeds.add(frames);
        }
        return Arbitraries.randomValue(random -> mutateStream(seeds.get(random.nextInt(seeds.size())), random));
    }

    private static List<SseFrame> mutateStream(List<SseFrame> seed, Random random) {
        List<SseFrame> frames = new ArrayList<>(seed);
        for (int i = 1 + random.nextInt(3); i > 0 && !frames.isEmpty(); i--) {
            int at = random.nextInt(frames.size());
            SseFrame frame = frames.get(at);
            switch (random.nextInt(6)) {
                case 0 -> frames.remove(at);
                case 1 -> frames.add(at, frame);
                case 2 -> frames.add(random.nextInt(frames.size()), frames.remove(at));
                case 3 -> frames.subList(at, frames.size()).clear();
                default ->
                    frames.set(
                            at,
                            new SseFrame(
                                    random.nextInt(8) == 0 ? "error" : frame.event(),
                                    Mutations.mutate(frame.data(), random)));
            }
        }
        return frames;
    }
}
