package dev.modelrouter.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkBatchesTest {

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    private static String read(Object msg) {
        ByteBuf b = (ByteBuf) msg;
        try {
            return b.toString(StandardCharsets.UTF_8);
        } finally {
            b.release();
        }
    }

    @Test
    void writesTheBuffersOfOneBurstAsOneInOrder() {
        EmbeddedChannel channel = new EmbeddedChannel(new ChunkBatches());
        ChannelFuture first = channel.write(text("event: a\n\n"));
        ChannelFuture second = channel.write(text("event: b\n\n"));
        channel.write(text("event: c\n\n"));
        assertThat(channel.outboundMessages()).isEmpty();
        assertThat(first.isDone()).isFalse();

        channel.flush();

        assertThat(channel.outboundMessages()).hasSize(1);
        assertThat(read(channel.readOutbound())).isEqualTo("event: a\n\nevent: b\n\nevent: c\n\n");
        assertThat(first.isSuccess()).isTrue();
        assertThat(second.isSuccess()).isTrue();
        channel.finishAndReleaseAll();
    }

    @Test
    void passesALoneBufferOnUncopied() {
        EmbeddedChannel channel = new EmbeddedChannel(new ChunkBatches());
        ByteBuf only = text("event: a\n\n");

        channel.writeAndFlush(only);

        Object out = channel.readOutbound();
        assertThat(out).isSameAs(only);
        ((ByteBuf) out).release();
        channel.finishAndReleaseAll();
    }

    @Test
    void keepsHeadAndEndAroundTheBatch() {
        EmbeddedChannel channel = new EmbeddedChannel(new ChunkBatches());
        DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        channel.write(head);
        channel.write(text("a"));
        channel.write(text("b"));
        channel.write(LastHttpContent.EMPTY_LAST_CONTENT);
        channel.flush();

        assertThat((Object) channel.readOutbound()).isSameAs(head);
        assertThat(read(channel.readOutbound())).isEqualTo("ab");
        assertThat((Object) channel.readOutbound()).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        channel.finishAndReleaseAll();
    }

    @Test
    void sendsAHugeBurstInParts() {
        EmbeddedChannel channel = new EmbeddedChannel(new ChunkBatches());
        byte[] big = new byte[ChunkBatches.MAX_BATCH_BYTES / 2];
        channel.write(Unpooled.wrappedBuffer(big));
        channel.write(Unpooled.wrappedBuffer(big));
        channel.write(Unpooled.wrappedBuffer(big));
        channel.flush();

        assertThat(channel.outboundMessages()).hasSize(2);
        assertThat(((ByteBuf) channel.readOutbound()).readableBytes()).isEqualTo(ChunkBatches.MAX_BATCH_BYTES);
        channel.finishAndReleaseAll();
    }

    @Test
    void releasesWhatItHoldsWhenTheConnectionGoes() {
        EmbeddedChannel channel = new EmbeddedChannel(new ChunkBatches());
        ByteBuf held = text("event: a\n\n");
        ChannelFuture write = channel.write(held);

        channel.pipeline().remove(ChunkBatches.class);

        assertThat(held.refCnt()).isZero();
        assertThat(write.isDone()).isTrue();
        assertThat(write.isSuccess()).isFalse();
        channel.finishAndReleaseAll();
    }
}
