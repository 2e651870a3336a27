package dev.modelrouter.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UsageTapTest {

    @Test
    void readsAMessageBodySplitAtAnyByte() throws IOException {
        byte[] body = fixture("tool-use.response.json");
        Usage expected = new Usage(12, 34, 2048, 100);
        for (int cut = 0; cut <= body.length; cut++) {
            UsageTap tap = UsageTap.anthropicJson();
            tap.feed(body, 0, cut);
            tap.feed(body, cut, body.length - cut);
            assertThat(tap.usage()).as("cut at %d", cut).isEqualTo(expected);
        }
    }

    @Test
    void readsOnlyTheMessagesOwnUsage() {
        UsageTap tap = UsageTap.anthropicJson();
        tap.feed(sse("{\"content\":[{\"type\":\"tool_use\",\"input\":{\"usage\":{\"input_tokens\":999}}}],"
                + "\"meta\":{\"usage\":{\"output_tokens\":999}},\"usage\":{\"input_tokens\":1,\"output_tokens\":2}}"));

        assertThat(tap.usage()).isEqualTo(new Usage(1, 2, 0, 0));
    }

    @Test
    void stopsReadingOnceTheMessageEnds() {
        UsageTap tap = UsageTap.anthropicJson();
        tap.feed(sse("{\"usage\":{\"input_tokens\":1,\"output_tokens\":2}}\n"));
        tap.feed(sse("{\"usage\":{\"input_tokens\":7}} trailing bytes that are not JSON"));

        assertThat(tap.usage()).isEqualTo(new Usage(1, 2, 0, 0));
    }

    @Test
    void aBodyThatIsNotJsonLeavesTheUsageUnknown() {
        UsageTap tap = UsageTap.anthropicJson();
        tap.feed(sse("<html>502 Bad Gateway</html>"));
        tap.feed(sse("{\"usage\":{\"input_tokens\":1}}"));

        assertThat(tap.seen()).isFalse();
    }

    @Test
    void leavesTheBufferUntouched() {
        byte[] message = sse("{\"id\":\"m\",\"usage\":{\"input_tokens\":472,\"output_tokens\":89}}");
        byte[] copy = message.clone();
        ByteBuffer heap = ByteBuffer.wrap(message, 3, message.length - 3).slice();
        ByteBuffer direct = ByteBuffer.allocateDirect(3).put(message, 0, 3).flip();
        UsageTap tap = UsageTap.anthropicJson();
        tap.feed(direct);
        tap.feed(heap);

        assertThat(direct.position()).isZero();
        assertThat(heap.position()).isZero();
        assertThat(message).isEqualTo(copy);
        assertThat(tap.usage()).isEqualTo(new Usage(472, 89, 0, 0));
    }

    private static byte[] sse(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = UsageTapTest.class.getResourceAsStream("/fixtures/anthropic/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
