package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelrouter.model.ErrorKind;
import dev.modelrouter.model.RouterException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyBytesTest {

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    @Test
    void joinsChunksOfAnUndeclaredLength() {
        FrontDoor.BodyBytes body = new FrontDoor.BodyBytes(100_000, -1);
        String big = "x".repeat(40_000);
        body.add(text("{"));
        body.add(text(big));
        body.add(text("}"));
        assertThat(new String(body.bytes().block(), StandardCharsets.UTF_8)).isEqualTo("{" + big + "}");
    }

    @Test
    void acceptsTheLimitAndFailsOnTheByteBeyondIt() {
        FrontDoor.BodyBytes body = new FrontDoor.BodyBytes(10, 10);
        body.add(text("0123456789"));
        assertThat(body.bytes().block()).hasSize(10);
        assertThatThrownBy(() -> body.add(text("!")))
                .isInstanceOf(RouterException.class)
                .satisfies(e -> assertThat(((RouterException) e).kind()).isEqualTo(ErrorKind.REQUEST_TOO_LARGE))
                .hasMessageContaining("limit of 10 bytes");
    }

    @Test
    void refusesARequestThatSentNoBody() {
        assertThatThrownBy(() -> new FrontDoor.BodyBytes(10, -1).bytes().block())
                .isInstanceOf(RouterException.class)
                .hasMessageContaining("no body");
        FrontDoor.BodyBytes empty = new FrontDoor.BodyBytes(10, 0);
        empty.add(Unpooled.EMPTY_BUFFER);
        assertThat(empty.bytes().block()).isEmpty();
    }
}
