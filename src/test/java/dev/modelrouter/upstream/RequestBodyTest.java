package dev.modelrouter.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestBodyTest {

    private static final byte[] CLIENT = "{\"model\":\"claude\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8);

    /** The client's body with the model replaced, as the pass-through path builds it. */
    private static RequestBody spliced() {
        return RequestBody.of(List.of(
                ByteBuffer.wrap(CLIENT, 0, 9).slice(),
                ByteBuffer.wrap("\"glm\"".getBytes(StandardCharsets.UTF_8)),
                ByteBuffer.wrap(CLIENT, 17, CLIENT.length - 17).slice()));
    }

    private static String drained(ByteBuf buffer) {
        try {
            return buffer.toString(StandardCharsets.UTF_8);
        } finally {
            assertThat(buffer.release()).isTrue();
        }
    }

    @Test
    void aSplicedBodyReadsAsTheClientsBytesWithTheModelReplaced() {
        RequestBody body = spliced();
        assertThat(body.length()).isEqualTo(CLIENT.length - 3);
        assertThat(new String(body.bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"model\":\"glm\",\"messages\":[]}");
        assertThat(drained(body.buffer())).isEqualTo("{\"model\":\"glm\",\"messages\":[]}");
    }

    @Test
    void everyBufferIsFreshSoASecondSendAfterTheFirstWasReleasedIsWhole() {
        RequestBody body = spliced();
        ByteBuf first = body.buffer();
        first.skipBytes(first.readableBytes());
        assertThat(first.release()).isTrue();
        assertThat(drained(body.buffer())).isEqualTo("{\"model\":\"glm\",\"messages\":[]}");
        assertThat(new String(CLIENT, StandardCharsets.UTF_8)).isEqualTo("{\"model\":\"claude\",\"messages\":[]}");
    }

    @Test
    void theCallersPiecesKeepTheirPositions() {
        ByteBuffer piece = ByteBuffer.wrap(CLIENT, 2, 5).slice();
        RequestBody body = RequestBody.of(List.of(piece));
        drained(body.buffer());
        body.bytes();
        assertThat(piece.position()).isZero();
        assertThat(piece.remaining()).isEqualTo(5);
    }

    @Test
    void aBodyOfOneWholeArrayIsThatArray() {
        byte[] bytes = {'{', '}'};
        assertThat(RequestBody.of(bytes).bytes()).isSameAs(bytes);
        assertThat(drained(RequestBody.of(bytes).buffer())).isEqualTo("{}");
    }

    @Test
    void refusesAPieceWithoutAnArray() {
        assertThatThrownBy(() -> RequestBody.of(List.of(ByteBuffer.allocateDirect(4))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
