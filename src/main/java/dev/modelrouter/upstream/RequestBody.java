package dev.modelrouter.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A request body, possibly in pieces that share the client's bytes: the pass-through path sends the
 * client's body with only the model replaced, and a 50 KB Claude Code turn is not copied for that.
 * The pieces are never written to nor consumed: every send wraps them afresh, so a retry or a
 * fallback sends the same bytes again.
 */
public final class RequestBody {

    private final ByteBuffer[] pieces;
    private final int length;

    private RequestBody(ByteBuffer[] pieces) {
        this.pieces = pieces;
        int n = 0;
        for (ByteBuffer piece : pieces) {
            n = Math.addExact(n, piece.remaining());
        }
        this.length = n;
    }

    /** A body of one array, which the caller no longer writes to. */
    public static RequestBody of(byte[] bytes) {
        return new RequestBody(new ByteBuffer[] {ByteBuffer.wrap(bytes)});
    }

    /**
     * A body of array-backed pieces, in order, each from its position to its limit; the caller no
     * longer writes to them nor moves their positions.
     */
    public static RequestBody of(List<ByteBuffer> pieces) {
        ByteBuffer[] own = new ByteBuffer[pieces.size()];
        for (int i = 0; i < own.length; i++) {
            ByteBuffer piece = pieces.get(i);
            if (!piece.hasArray()) {
                throw new IllegalArgumentException("a body piece must be array-backed");
            }
            own[i] = piece.duplicate();
        }
        return new RequestBody(own);
    }

    /** The number of bytes. */
    public int length() {
        return length;
    }

    /** The bytes as one array: the caller's own array for a body of one whole array, else a copy. */
    public byte[] bytes() {
        if (pieces.length == 1 && whole(pieces[0])) {
            return pieces[0].array();
        }
        byte[] out = new byte[length];
        int to = 0;
        for (ByteBuffer piece : pieces) {
            int n = piece.remaining();
            System.arraycopy(piece.array(), piece.arrayOffset() + piece.position(), out, to, n);
            to += n;
        }
        return out;
    }

    /**
     * A new buffer over the pieces, not a copy: heap buffers that hold no pooled memory, so whoever
     * writes it releases it, and one never written is simply collected.
     */
    public ByteBuf buffer() {
        if (pieces.length == 1) {
            return wrap(pieces[0]);
        }
        ByteBuf[] parts = new ByteBuf[pieces.length];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = wrap(pieces[i]);
        }
        return Unpooled.wrappedBuffer(parts.length, parts);
    }

    private static ByteBuf wrap(ByteBuffer piece) {
        return Unpooled.wrappedBuffer(piece.array(), piece.arrayOffset() + piece.position(), piece.remaining());
    }

    private static boolean whole(ByteBuffer piece) {
        return piece.arrayOffset() == 0 && piece.position() == 0 && piece.remaining() == piece.array().length;
    }
}
