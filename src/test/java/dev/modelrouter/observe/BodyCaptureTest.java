package dev.modelrouter.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelrouter.model.WireProtocol;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BodyCaptureTest {

    final Observer observer = new Observer(new SimpleMeterRegistry(), null, () -> false);
    final BodyCapture capture = observer.bodies();

    /** What the pipeline does: starts a trace and keeps the front door's capture, if any, under its id. */
    String serve(BodyCapture.Captured c) {
        String id = observer.start(WireProtocol.ANTHROPIC).id();
        if (c != null) {
            capture.keep(id, c);
        }
        return id;
    }

    @Test
    void isOffByDefaultAndThenCapturesNothing() {
        assertThat(capture.on()).isFalse();
        assertThat(capture.begin(new byte[] {1}, null)).isNull();
        serve(null);
        assertThat(capture.size()).isZero();
    }

    @Test
    void keepsTheCaptureUnderTheIdOfItsRequestsTrace() {
        capture.set(true);
        BodyCapture.Captured c = capture.begin("{\"a\":1}".getBytes(StandardCharsets.UTF_8), "client-key");

        String id = serve(c);

        assertThat(c.id()).isEqualTo(id);
        assertThat(capture.get(id)).containsSame(c);
        // another request's trace has nothing kept
        String other = serve(null);
        assertThat(capture.get(other)).isEmpty();
    }

    @Test
    void keepsOnlyTheStartOfALongAnswerButCountsAllOfIt() {
        capture.set(true);
        BodyCapture.Captured c = capture.begin(new byte[0], null);
        ByteBuffer chunk = ByteBuffer.wrap(new byte[BodyCapture.ANSWER_BYTES - 10]);

        c.answer(chunk);
        c.answer(ByteBuffer.wrap(new byte[100]));

        assertThat(chunk.position()).isZero();
        assertThat(c.answerStart()).hasSize(BodyCapture.ANSWER_BYTES);
        assertThat(c.answerBytes()).isEqualTo(BodyCapture.ANSWER_BYTES + 90L);
    }

    @Test
    void turningItOffForgetsEverythingKept() {
        capture.set(true);
        AtomicReference<String> id = new AtomicReference<>();
        id.set(serve(capture.begin(new byte[10], null)));
        assertThat(capture.size()).isOne();

        capture.set(false);

        assertThat(capture.size()).isZero();
        assertThat(capture.get(id.get())).isEmpty();
    }
}
