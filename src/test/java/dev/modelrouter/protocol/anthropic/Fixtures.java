package dev.modelrouter.protocol.anthropic;

import dev.modelrouter.model.ChatRequest;
import dev.modelrouter.protocol.SseDecoder;
import dev.modelrouter.protocol.SseFrame;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Loads golden files from {@code src/test/resources/fixtures/anthropic}. */
final class Fixtures {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private Fixtures() {}

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/anthropic/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String name) {
        return JSON.readTree(text(name));
    }

    static JsonNode parse(String json) {
        return JSON.readTree(json);
    }

    static List<SseFrame> frames(String sse) {
        SseDecoder decoder = new SseDecoder();
        List<SseFrame> frames = new ArrayList<>(decoder.feed(sse.getBytes(StandardCharsets.UTF_8)));
        frames.addAll(decoder.finish());
        return frames;
    }

    static ChatRequest client(String model) {
        return ChatRequest.builder().model(model).build();
    }
}
