package dev.modelrouter.observe;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.slf4j.LoggerFactory;

/**
 * Every line the daemon logs (console and {@code router.log}) with its secrets masked and the control
 * characters of its message escaped, so a client's value (a model name, a session id, a path) with a
 * newline cannot forge a line. Done at the logging layer, so it covers every logger, ours and the
 * libraries'. Logback's appenders are static, hence the static list of redactions: each running daemon
 * (one per JVM, but several Spring contexts in a test run) adds its own and removes it on close.
 */
public final class LogLines {

    private static final List<UnaryOperator<String>> REDACTIONS = new CopyOnWriteArrayList<>();

    /**
     * Spring Boot's start-up failure report is several lines on purpose and carries no client value;
     * escaped, it would be one unreadable line.
     */
    private static final String MULTI_LINE_LOGGER = "org.springframework.boot.diagnostics";

    private LogLines() {}

    /** Masks {@code redaction}'s secrets in every line until the returned handle is closed. */
    public static AutoCloseable redactWith(UnaryOperator<String> redaction) {
        REDACTIONS.add(redaction);
        return () -> REDACTIONS.remove(redaction);
    }

    /**
     * Re-encodes every pattern appender of the Logback context in force (Spring Boot's console and file
     * appenders) through {@link #line}; idempotent. Without Logback, nothing happens.
     */
    public static void install() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            install(context);
        }
    }

    static void install(LoggerContext context) {
        for (Logger logger : context.getLoggerList()) {
            for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
                if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender
                        && appender.getEncoder() instanceof PatternLayoutEncoder plain) {
                    appender.setEncoder(safeEncoder(context, plain));
                }
            }
        }
    }

    private static LayoutWrappingEncoder<ILoggingEvent> safeEncoder(LoggerContext context, PatternLayoutEncoder plain) {
        PatternLayout pattern = new PatternLayout();
        pattern.setContext(context);
        for (String word : List.of("m", "msg", "message")) {
            pattern.getInstanceConverterMap().put(word, EscapedMessage::new);
        }
        pattern.setPattern(plain.getPattern());
        pattern.start();
        RedactedLayout layout = new RedactedLayout(pattern);
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setCharset(plain.getCharset());
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }

    /** {@code text} with every registered redaction applied. */
    static String redact(String text) {
        String out = text;
        for (UnaryOperator<String> r : REDACTIONS) {
            out = r.apply(out);
        }
        return out;
    }

    /**
     * {@code text} with CR, LF and the other control characters (tab aside) written as {@code \n},
     * {@code \r} or {@code \}{@code uXXXX}, and so are the Unicode line and paragraph separators and
     * NEL, which some viewers also break lines at.
     */
    public static String escape(String text) {
        int i = 0;
        while (i < text.length() && !needsEscape(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (needsEscape(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean needsEscape(char c) {
        return (c < 0x20 && c != '\t') || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029;
    }

    /** {@code %m}: the message with its control characters escaped. */
    static final class EscapedMessage extends ClassicConverter {
        @Override
        public String convert(ILoggingEvent event) {
            String message = event.getFormattedMessage();
            if (message == null || event.getLoggerName().startsWith(MULTI_LINE_LOGGER)) {
                return message;
            }
            return escape(message);
        }
    }

    /** The whole line, stack trace included, with every registered redaction applied. */
    static final class RedactedLayout extends LayoutBase<ILoggingEvent> {
        private final PatternLayout pattern;

        RedactedLayout(PatternLayout pattern) {
            this.pattern = pattern;
        }

        @Override
        public String doLayout(ILoggingEvent event) {
            return redact(pattern.doLayout(event));
        }
    }
}
