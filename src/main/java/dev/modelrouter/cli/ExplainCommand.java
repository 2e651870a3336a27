package dev.modelrouter.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * {@code router explain [--json] [--openai] [FILE|-]} or {@code router explain --id ID [--json]}: asks the
 * running daemon where a request would go and why ({@code POST /api/explain}); no provider is called.
 * With {@code --id} the request is a recent one, named by its request-log id, whose body the daemon kept.
 */
@Command(name = "explain", description = "Show where a request would be routed and why, without calling any provider.")
final class ExplainCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "Print the daemon's JSON answer, for tools.")
    boolean json;

    @Option(
            names = "--openai",
            description = "The body is an OpenAI Chat Completions request (else told apart by its shape).")
    boolean openAi;

    @Option(
            names = "--id",
            paramLabel = "ID",
            description =
                    "Explain a recent request again, named by the id of its request-log line (the daemon keeps the last 100 in memory).")
    @Nullable
    String id;

    @Parameters(
            arity = "0..1",
            paramLabel = "FILE|-",
            description = "The request body; - or none reads standard input.")
    String file = "-";

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (id != null) {
            if (!file.equals("-") || openAi) {
                err.println("--id names a request the daemon kept; give no FILE and no --openai with it");
                return 2;
            }
            Lifecycle lifecycle = Lifecycle.of(spec);
            return lifecycle.whenRunning(daemon -> explain(
                    lifecycle.client(daemon),
                    "/api/explain?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8),
                    "",
                    out,
                    err));
        }
        String body = file.equals("-")
                ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                : Files.readString(Path.of(file), StandardCharsets.UTF_8);
        Lifecycle lifecycle = Lifecycle.of(spec);
        return lifecycle.whenRunning(daemon ->
                explain(lifecycle.client(daemon), "/api/explain" + (openAi ? "?protocol=openai" : ""), body, out, err));
    }

    private int explain(DaemonClient client, String path, String body, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        DaemonClient.Reply reply = client.post(path, body, Duration.ofSeconds(30));
        if (!reply.ok()) {
            err.println("the router answered: " + reply.errorMessage());
            return 1;
        }
        if (json) {
            out.println(reply.body());
        } else {
            print(out, reply.json());
        }
        return reply.json().path("error").isString() ? 1 : 0;
    }

    static void print(PrintWriter out, JsonNode e) {
        out.println("request: " + e.path("protocol").asString() + ", model "
                + e.path("model").asString());
        if (e.path("error").isString()) {
            out.println("error:   " + e.path("error").asString());
            return;
        }
        out.println("route:   " + e.path("route").asString());
        out.println();
        out.println("rules, in order:");
        for (JsonNode s : e.path("steps")) {
            String verdict = s.path("verdict").asString();
            out.printf(
                    "  %-14s %-15s %s%n",
                    s.path("rule").asString(),
                    verdict.equals("fired") ? "FIRED" : verdict,
                    s.path("detail").asString());
        }
        out.println();
        out.println("targets, tried in this order:");
        int n = 1;
        for (JsonNode t : e.path("targets")) {
            out.printf(
                    "  %d. %s  circuit %s  %s%n",
                    n++,
                    t.path("target").asString(),
                    t.path("circuit").asString(),
                    t.path("strategy").asString());
            out.println("     transformers: "
                    + (t.path("transformers").isEmpty()
                            ? "none"
                            : String.join(
                                    ", ",
                                    t.path("transformers")
                                            .valueStream()
                                            .map(JsonNode::asString)
                                            .toList())));
            if (t.path("problem").isString()) {
                out.println("     cannot call: " + t.path("problem").asString());
            }
            JsonNode up = t.path("upstream");
            if (up.isObject()) {
                out.println("     POST " + up.path("url").asString());
                up.path("headers")
                        .properties()
                        .forEach(h -> out.println(
                                "     " + h.getKey() + ": " + h.getValue().asString()));
                out.println("     body (" + up.path("bodyBytes").asInt() + " bytes): "
                        + up.path("body").asString().replace('\n', ' '));
            }
        }
    }
}
