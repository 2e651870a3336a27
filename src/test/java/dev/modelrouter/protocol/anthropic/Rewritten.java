package dev.modelrouter.protocol.anthropic;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The forwarded body of a scanned request as text, for assertions. */
final class Rewritten {

    private Rewritten() {}

    /** {@code scan}'s body with {@code model}, joined from its pieces. */
    static String text(AnthropicScan scan, String model) {
        return joined(scan.rewritten(model));
    }

    static String joined(List<ByteBuffer> pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer piece : pieces) {
            out.write(piece.array(), piece.arrayOffset() + piece.position(), piece.remaining());
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
