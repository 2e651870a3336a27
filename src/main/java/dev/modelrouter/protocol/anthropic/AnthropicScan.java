package dev.modelrouter.protocol.anthropic;

import dev.modelrouter.model.RequestTraits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.io.JsonStringEncoder;

/**
 * What one pass over an Anthropic request body found, and where: the routing facts, plus the byte
 * ranges to change when the body is forwarded as bytes (the model value, a stripped sub-agent tag).
 * Everything else of the body is forwarded byte for byte.
 */
public final class AnthropicScan {

    /** A byte range of the body to replace. */
    record Splice(int start, int end, byte[] replacement) {}

    private final byte[] body;
    private final String model;
    private final int modelStart;
    private final int modelEnd;
    private final List<Splice> splices;
    private final Function<IntSupplier, RequestTraits> traits;
    private final boolean stream;
    private final @Nullable String userId;
    private final boolean unsignedThinking;

    /**
     * @param traits the routing facts the scan found, given the exact token count that routing
     *     computes only when it needs it
     */
    AnthropicScan(
            byte[] body,
            String model,
            int modelStart,
            int modelEnd,
            List<Splice> splices,
            Function<IntSupplier, RequestTraits> traits,
            boolean stream,
            @Nullable String userId,
            boolean unsignedThinking) {
        this.body = body;
        this.model = model;
        this.modelStart = modelStart;
        this.modelEnd = modelEnd;
        this.splices = List.copyOf(splices);
        this.traits = traits;
        this.stream = stream;
        this.userId = userId;
        this.unsignedThinking = unsignedThinking;
    }

    /** The model the client asked for. */
    public String model() {
        return model;
    }

    /**
     * Whether a thinking block carries a signature Anthropic did not make (the router's, from a turn
     * another provider answered, or none): Anthropic rejects such a body, so it cannot go as bytes.
     */
    public boolean unsignedThinking() {
        return unsignedThinking;
    }

    /** {@code metadata.user_id}, or {@code null}. */
    public @Nullable String userId() {
        return userId;
    }

    /** Whether the client asked for a stream. */
    public boolean stream() {
        return stream;
    }

    /** The routing facts; {@code tokens} computes the exact count when routing needs it. */
    public RequestTraits traits(IntSupplier tokens) {
        return traits.apply(tokens);
    }

    /** The original body. */
    public byte[] body() {
        return body;
    }

    /**
     * The body to forward, as pieces in order, without copying it: the original bytes with the model
     * replaced and any sub-agent tag removed, nothing else changed. The pieces are slices of the original
     * body around the replaced ranges, and the replacements; each is array-backed, and the original body
     * is shared, so nobody may write to it while the pieces are in use.
     */
    public List<ByteBuffer> rewritten(String newModel) {
        List<Splice> all = new ArrayList<>(splices.size() + 1);
        all.addAll(splices);
        all.add(new Splice(modelStart, modelEnd, quote(newModel)));
        all.sort(Comparator.comparingInt(Splice::start));
        List<ByteBuffer> pieces = new ArrayList<>(all.size() * 2 + 1);
        int from = 0;
        for (Splice s : all) {
            if (s.start() > from) {
                pieces.add(ByteBuffer.wrap(body, from, s.start() - from).slice());
            }
            if (s.replacement().length > 0) {
                pieces.add(ByteBuffer.wrap(s.replacement()));
            }
            from = s.end();
        }
        if (body.length > from) {
            pieces.add(ByteBuffer.wrap(body, from, body.length - from).slice());
        }
        return pieces;
    }

    static byte[] quote(String value) {
        byte[] inner = JsonStringEncoder.getInstance().quoteAsUTF8(value);
        byte[] out = new byte[inner.length + 2];
        out[0] = '"';
        System.arraycopy(inner, 0, out, 1, inner.length);
        out[out.length - 1] = '"';
        return out;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
