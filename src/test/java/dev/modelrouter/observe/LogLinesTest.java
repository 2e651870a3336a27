package dev.modelrouter.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Log lines as the daemon's appenders write them once {@link LogLines#install} ran. */
class LogLinesTest {

    private static final String KEY = "sk-ant-loglines-SECRET";

    private final LoggerContext context = new LoggerContext();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private AutoCloseable redaction;

    @BeforeEach
    void appenderWithAPatternLikeSpringBoots() {
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%5p %logger : %m%n%ex");
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(written);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        LogLines.install(context);
        redaction = LogLines.redactWith(text -> text.replace(KEY, "***"));
    }

    @AfterEach
    void removeRedaction() throws Exception {
        redaction.close();
        context.stop();
    }

    @Test
    void aNewlineInALoggedValueIsEscapedNotALine() {
        context.getLogger("dev.modelrouter.pipeline.Attempts")
                .info("{} failed (401)", "anth,up\r\n2031-01-01 INFO forged : rotated\u0085\u2028\u001b[31m");

        assertThat(lines())
                .containsExactly(
                        " INFO dev.modelrouter.pipeline.Attempts : anth,up\\r\\n2031-01-01 INFO forged : rotated"
                                + "\\u0085\\u2028\\u001b[31m failed (401)");
    }

    @Test
    void aKeyIsMaskedInTheMessageAndInTheStackTrace() {
        context.getLogger("reactor.netty").warn("upstream said " + KEY, new IllegalStateException("echo " + KEY));

        String out = written.toString(StandardCharsets.UTF_8);
        assertThat(out)
                .contains("upstream said ***", "IllegalStateException: echo ***")
                .doesNotContain(KEY);
    }

    @Test
    void installingTwiceChangesNothing() {
        LogLines.install(context);
        context.getLogger("x").info("a\nb " + KEY);

        assertThat(lines()).containsExactly(" INFO x : a\\nb ***");
    }

    private java.util.List<String> lines() {
        return written.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
