package dev.modelrouter.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import reactor.core.publisher.Flux;

class SseChunksTest {

    private static final NettyDataBufferFactory NETTY =
            new NettyDataBufferFactory(Unpooled.buffer().alloc());

    private static DataBuffer upstream(String text) {
        return NETTY.wrap(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    private static String text(DataBuffer b) {
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void relaysAChunkOfWholeEventsAsTheUpstreamsOwnBuffer() {
        DataBuffer chunk = upstream("event: a\ndata: 1\n\nevent: b\ndata: 2\n\n");
        List<String> seen = new ArrayList<>();

        List<DataBuffer> out = SseChunks.atEventBoundaries(Flux.just(chunk), NETTY, (bytes, length) -> {
                    seen.add(new String(bytes, 0, length, StandardCharsets.UTF_8));
                    return bytes;
                })
                .collectList()
                .block();

        assertThat(out).containsExactly(chunk);
        assertThat(text(chunk)).isEqualTo("event: a\ndata: 1\n\nevent: b\ndata: 2\n\n");
        assertThat(seen).containsExactly("event: a\ndata: 1\n\nevent: b\ndata: 2\n\n");
        assertThat(NettyDataBufferFactory.toByteBuf(chunk).refCnt()).isEqualTo(1);
    }

    @Test
    void recutsChunksThatEndInsideAnEvent() {
        DataBuffer first = upstream("event: a\ndata: 1\n\nevent: b\nda");
        DataBuffer second = upstream("ta: 2\n\n");

        List<String> out = SseChunks.atEventBoundaries(Flux.just(first, second), NETTY, (bytes, length) -> bytes)
                .map(SseChunksTest::text)
                .collectList()
                .block();

        assertThat(out).containsExactly("event: a\ndata: 1\n\n", "event: b\ndata: 2\n\n");
        assertThat(NettyDataBufferFactory.toByteBuf(first).refCnt()).isZero();
        assertThat(NettyDataBufferFactory.toByteBuf(second).refCnt()).isZero();
    }

    @Test
    void relaysWhatTheTapMakesOfAChunkAndReleasesTheChunk() {
        DataBuffer chunk = upstream("event: a\ndata: 1\n\n");

        List<String> out = SseChunks.atEventBoundaries(
                        Flux.just(chunk), NETTY, (bytes, length) -> "data: x\n\n".getBytes(StandardCharsets.UTF_8))
                .map(SseChunksTest::text)
                .collectList()
                .block();

        assertThat(out).containsExactly("data: x\n\n");
        assertThat(NettyDataBufferFactory.toByteBuf(chunk).refCnt()).isZero();
    }

    @Test
    void releasesTheChunkWhenTheTapRefusesIt() {
        DataBuffer chunk = upstream("event: a\ndata: {\n\n");

        Flux<DataBuffer> out = SseChunks.atEventBoundaries(Flux.just(chunk), NETTY, (bytes, length) -> {
            throw new IllegalStateException("malformed");
        });

        assertThatThrownBy(out::blockLast).hasMessageContaining("malformed");
        assertThat(NettyDataBufferFactory.toByteBuf(chunk).refCnt()).isZero();
    }

    @Test
    void relaysATrailingPartialEventAtTheEnd() {
        DataBuffer chunk = upstream("event: a\ndata: 1\n\ndata: 2");

        List<String> out = SseChunks.atEventBoundaries(Flux.just(chunk), NETTY, (bytes, length) -> bytes)
                .map(SseChunksTest::text)
                .collectList()
                .block();

        assertThat(out).containsExactly("event: a\ndata: 1\n\n", "data: 2");
    }
}
