package dev.modelrouter.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The values of ccr's {@code speed} module: how fast the session's last answer came, asked of the
 * running daemon (ccr reads them from a file its token-speed plugin writes). As in ccr, a rate older
 * than three seconds shows as 0, and {@code isStreaming} is set only while it is fresh.
 */
final class StatusSpeed {

    static final Duration FRESH = Duration.ofSeconds(3);
    private static final Duration ASK_FOR = Duration.ofMillis(300);

    private StatusSpeed() {}

    /** Adds {@code tokenSpeed}, {@code isStreaming}, {@code streamingIndicator} and {@code timeToFirstToken}. */
    static void add(Map<String, String> vars, String session, Map<String, String> env) {
        vars.put("tokenSpeed", "0");
        vars.put("isStreaming", "");
        vars.put("streamingIndicator", "");
        vars.put("timeToFirstToken", "");
        if (session.isBlank()) {
            return;
        }
        try {
            PrintWriter quiet = new PrintWriter(Writer.nullWriter());
            Lifecycle lifecycle = new Lifecycle(env, quiet, quiet);
            Optional<DaemonInfo> daemon = lifecycle.running();
            if (daemon.isEmpty()) {
                return;
            }
            DaemonClient.Reply reply = lifecycle
                    .client(daemon.get())
                    .get("/api/sessions/" + URLEncoder.encode(session, StandardCharsets.UTF_8) + "/speed", ASK_FOR);
            if (!reply.ok()) {
                return;
            }
            JsonNode speed = CliJson.read(reply.body());
            long ttft = speed.path("timeToFirstTokenMs").asLong(-1);
            if (ttft >= 0) {
                vars.put("timeToFirstToken", duration(ttft));
            }
            Instant at = Instant.parse(speed.path("at").asString(""));
            if (Duration.between(at, Instant.now()).compareTo(FRESH) <= 0) {
                vars.put("tokenSpeed", Long.toString((long)
                        speed.path("tokensPerSecond").asDouble(0)));
                vars.put("isStreaming", "streaming");
                vars.put("streamingIndicator", "[Streaming]");
            }
        } catch (Exception e) {
            // a status line never fails: the speed stays 0
        }
    }

    /** ccr's format for times to first token: {@code 850ms}, {@code 1.2s}, {@code 1m5s}. */
    static String duration(long millis) {
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        return millis / 60_000 + "m" + Math.round((millis % 60_000) / 1000.0) + "s";
    }
}
