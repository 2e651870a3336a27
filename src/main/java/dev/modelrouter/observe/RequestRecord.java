package dev.modelrouter.observe;

import dev.modelrouter.model.Scenario;
import dev.modelrouter.model.Usage;
import dev.modelrouter.model.WireProtocol;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;

/**
 * One line of the request log: what happened to one request, without keys and without prompt text.
 *
 * @param id the request's short id ({@link RequestTrace#id()})
 * @param time when the request arrived
 * @param ingress the protocol the client spoke
 * @param scenario why it went where it went, or {@code null} when it was refused before routing
 * @param requestedModel the model the client asked for, or {@code null} before routing
 * @param tried the targets called, {@code provider,model}, in order, each once
 * @param attempts upstream calls made, retries included
 * @param served the target whose answer the client got, or {@code null}
 * @param status the HTTP status the client got
 * @param outcome how the request ended
 * @param latencyNanos arrival to end
 * @param ttftNanos arrival to the first byte sent, or -1 when none was sent
 * @param usage the served answer's tokens
 * @param plan the router's rules as asked, in short form ({@code RoutePlan.brief()}); empty before routing,
 *     and then left out of the line
 * @param continuedBy the target that continued the served answer after it broke off mid-stream, or
 *     {@code null} (and left out of the line) when none did
 * @param session the Claude Code session the request belongs to, or {@code null} (and left out of the
 *     line) for other clients
 */
record RequestRecord(
        String id,
        Instant time,
        WireProtocol ingress,
        @Nullable Scenario scenario,
        @Nullable String requestedModel,
        List<String> tried,
        int attempts,
        @Nullable String served,
        int status,
        Outcome outcome,
        long latencyNanos,
        long ttftNanos,
        Usage usage,
        List<String> plan,
        @Nullable String continuedBy,
        @Nullable String session) {

    RequestRecord {
        tried = List.copyOf(tried);
        plan = List.copyOf(plan);
    }

    /** Writes the record as one JSON object, its text fields through {@code clean}. */
    void write(JsonGenerator g, UnaryOperator<String> clean) {
        g.writeStartObject();
        g.writeStringProperty("id", id);
        g.writeStringProperty("time", time.truncatedTo(ChronoUnit.MILLIS).toString());
        g.writeStringProperty("ingress", ingress.key());
        if (session != null) {
            g.writeStringProperty("session", clean.apply(session));
        }
        g.writeStringProperty("scenario", scenario == null ? null : scenario.key());
        g.writeStringProperty("requested_model", requestedModel == null ? null : clean.apply(requestedModel));
        g.writeName("tried");
        g.writeStartArray();
        for (String t : tried) {
            g.writeString(clean.apply(t));
        }
        g.writeEndArray();
        g.writeNumberProperty("attempts", attempts);
        g.writeStringProperty("served", served == null ? null : clean.apply(served));
        if (continuedBy != null) {
            g.writeStringProperty("continued_by", clean.apply(continuedBy));
        }
        g.writeNumberProperty("status", status);
        g.writeStringProperty("outcome", outcome.tag());
        g.writeName("latency_ms");
        g.writeNumber(millis(latencyNanos));
        if (ttftNanos < 0) {
            g.writeNullProperty("ttft_ms");
        } else {
            g.writeName("ttft_ms");
            g.writeNumber(millis(ttftNanos));
        }
        g.writeName("tokens");
        g.writeStartObject();
        g.writeNumberProperty("input", usage.input());
        g.writeNumberProperty("output", usage.output());
        g.writeNumberProperty("cache_read", usage.cacheRead());
        g.writeNumberProperty("cache_write", usage.cacheWrite());
        g.writeEndObject();
        // left out when nothing routed the request (refused before routing, or recorded without a plan)
        if (!plan.isEmpty()) {
            g.writeName("plan");
            g.writeStartArray();
            for (String step : plan) {
                g.writeString(clean.apply(step));
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    // milliseconds with microsecond precision, written as a plain decimal (never 1.0E-4): the text
    // BigDecimal.valueOf(micros, 3) writes, without building a BigDecimal and its string for every request
    static String millis(long nanos) {
        long micros = nanos / 1_000;
        long whole = Math.abs(micros / 1_000);
        int fraction = (int) Math.abs(micros % 1_000);
        StringBuilder out = new StringBuilder(24);
        if (micros < 0) {
            out.append('-');
        }
        out.append(whole).append('.');
        if (fraction < 100) {
            out.append(fraction < 10 ? "00" : "0");
        }
        return out.append(fraction).toString();
    }
}
