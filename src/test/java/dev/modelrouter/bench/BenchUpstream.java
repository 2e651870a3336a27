package dev.modelrouter.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The benchmark's provider: a fast loopback server that answers Anthropic ({@code /v1/messages}) and
 * OpenAI ({@code .../chat/completions}) requests with a fixed small answer, or a stream of N events
 * when the request asks to stream. Usage: {@code BenchUpstream PORT [EVENTS] [PACE_MS]}.
 */
public final class BenchUpstream {

    private BenchUpstream() {}

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        long pace = args.length > 2 ? Long.parseLong(args[2]) : 0;
        byte[] anthropicJson = ("{\"id\":\"msg_bench\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"bench\","
                        + "\"content\":[{\"type\":\"text\",\"text\":\"Hello from the bench upstream.\"}],\"stop_reason\":\"end_turn\","
                        + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":8}}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] openAiJson =
                ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"bench\","
                                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello from the bench upstream.\"},"
                                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":8,\"total_tokens\":20}}")
                        .getBytes(StandardCharsets.UTF_8);
        List<byte[]> anthropicStream = anthropicStream(events);
        List<byte[]> openAiStream = openAiStream(events);
        DisposableServer server = HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .handle((req, res) -> req.receive()
                        .aggregate()
                        .asString()
                        .defaultIfEmpty("")
                        .flatMap(body -> {
                            boolean openAi = req.uri().contains("chat/completions");
                            boolean stream = body.contains("\"stream\":true") || body.contains("\"stream\": true");
                            if (!stream) {
                                byte[] json = openAi ? openAiJson : anthropicJson;
                                return res.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                        .header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(json.length))
                                        .send(Mono.just(Unpooled.wrappedBuffer(json)))
                                        .then();
                            }
                            Flux<ByteBuf> frames = Flux.fromIterable(openAi ? openAiStream : anthropicStream)
                                    .map(Unpooled::wrappedBuffer);
                            if (pace > 0) {
                                frames = frames.delayElements(Duration.ofMillis(pace));
                            }
                            return res.header(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
                                    .send(frames, b -> true)
                                    .then();
                        }))
                .bindNow();
        System.out.println("bench upstream on http://127.0.0.1:" + server.port());
        server.onDispose().block();
    }

    static List<byte[]> anthropicStream(int events) {
        List<String> out = new ArrayList<>();
        out.add(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_bench\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"model\":\"bench\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                        + "\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}\n\n");
        out.add(
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
        for (int i = 0; i < events; i++) {
            out.add(
                    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"token"
                            + i + " \"}}\n\n");
        }
        out.add("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
        out.add(
                "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":"
                        + events + "}}\n\n");
        out.add("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        return out.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    static List<byte[]> openAiStream(int events) {
        List<String> out = new ArrayList<>();
        String head =
                "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"bench\",\"choices\":[";
        out.add(head
                + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
        for (int i = 0; i < events; i++) {
            out.add(head + "{\"index\":0,\"delta\":{\"content\":\"token" + i + " \"},\"finish_reason\":null}]}\n\n");
        }
        out.add(head + "{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        out.add(head + "],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":" + events + ",\"total_tokens\":"
                + (12 + events) + "}}\n\n");
        out.add("data: [DONE]\n\n");
        return out.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }
}
