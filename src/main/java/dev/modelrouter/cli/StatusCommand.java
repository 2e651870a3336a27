package dev.modelrouter.cli;

import dev.modelrouter.config.ModelLimits;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code router status}: exit code 0 when the daemon runs and answers, 3 when it does not run, 1 when it does not answer. */
@Command(
        name = "status",
        description = "Show whether the router runs, its config, last reload, routes and providers."
                + " Exit code 0 running, 3 not running, 1 running but not answering.")
final class StatusCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "print JSON for scripts")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Lifecycle lifecycle = Lifecycle.of(spec);
        Optional<DaemonInfo> daemon = lifecycle.running();
        ObjectNode doc = CliJson.object();
        if (daemon.isEmpty()) {
            doc.put("running", false);
            print(doc, "model-router is not running (start it with `router start`)");
            return RouterCli.NOT_RUNNING;
        }
        DaemonInfo info = daemon.get();
        doc.put("running", true);
        doc.put("pid", info.pid());
        doc.put("url", info.baseUrl());
        DaemonClient.Reply reply;
        try {
            reply = lifecycle.client(info).get("/api/status", Duration.ofSeconds(3));
        } catch (IOException e) {
            doc.put("answering", false);
            doc.put("error", String.valueOf(e.getMessage()));
            print(
                    doc,
                    "model-router (pid " + info.pid() + ") runs but does not answer at " + info.baseUrl() + ": " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        if (!reply.ok()) {
            doc.put("answering", true);
            doc.put("error", reply.errorMessage());
            print(
                    doc,
                    "model-router is running at " + info.baseUrl() + " (pid " + info.pid() + "), but its status is"
                            + " not available: " + reply.errorMessage());
            return 0;
        }
        doc.put("answering", true);
        JsonNode status = reply.json();
        for (Map.Entry<String, JsonNode> e : status.properties()) {
            if (!doc.has(e.getKey())) {
                doc.set(e.getKey(), e.getValue());
            }
        }
        Optional<JsonNode> started = ClaudeWindow.recorded(lifecycle.home());
        started.ifPresent(w -> doc.set("claudeCodeStartedWith", w));
        if (json) {
            out.println(CliJson.pretty(doc));
        } else {
            human(out, info, status);
            window(out, status.path("claudeCodeWindow"), started);
        }
        return 0;
    }

    private void print(ObjectNode doc, String text) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? CliJson.pretty(doc) : text);
    }

    static void human(PrintWriter out, DaemonInfo info, JsonNode s) {
        out.println("model-router " + s.path("version").asString("?") + " is running at " + info.baseUrl() + " (pid "
                + info.pid() + ", up " + uptime(s.path("uptimeSeconds").asLong()) + ")");
        out.println("config:    " + s.path("configPath").asString("?")
                + (s.path("bundledConfig").asBoolean() ? "  (not there yet: running on the bundled example)" : ""));
        JsonNode r = s.path("lastReload");
        String state =
                r.path("ok").asBoolean() ? "ok" : r.path("restartNeeded").asBoolean() ? "RESTART NEEDED" : "REJECTED";
        out.println("reload:    " + state + " at " + r.path("at").asString("?") + " ("
                + r.path("trigger").asString("?") + "): " + r.path("message").asString(""));
        JsonNode script = s.path("customRouter");
        if (script.isObject()) {
            out.println("custom:    " + script.path("path").asString("?") + " ("
                    + script.path("state").asString("?") + ")");
        }
        JsonNode projects = s.path("projectRoutes");
        if (projects.isArray() && !projects.isEmpty()) {
            List<String> names = new ArrayList<>();
            projects.forEach(p -> names.add(p.asString()));
            out.println("projects:  " + String.join(", ", names) + " (routes of their own)");
        }
        printRoutes(out, s.path("routes"));
        out.println("providers:");
        for (JsonNode p : s.path("providers")) {
            List<String> models = new ArrayList<>();
            p.path("models")
                    .forEach(m ->
                            models.add(m.asString() + limits(p.path("limits").path(m.asString()))));
            out.println("  " + left(p.path("name").asString(), 14) + " "
                    + left(p.path("protocol").asString(""), 10) + " " + String.join(", ", models));
            JsonNode error = p.path("lastError");
            if (!error.isMissingNode() && !error.isNull()) {
                out.println(
                        "                 last error: " + (error.isString() ? error.asString() : CliJson.write(error)));
            }
        }
        printUsage(out, "usage since start:", s.path("usage"));
        printCluster(out, s.path("cluster"));
        JsonNode circuits = s.path("circuits");
        if (circuits.isObject() && !circuits.isEmpty()) {
            out.println("circuits:");
            for (Map.Entry<String, JsonNode> e : circuits.properties()) {
                out.println("  " + left(e.getKey(), 30) + " " + e.getValue().asString());
            }
        }
    }

    /** One line per provider and model (and client key, for the cluster's totals), under {@code title}. */
    private static void printUsage(PrintWriter out, String title, JsonNode usage) {
        if (!usage.isArray() || usage.isEmpty()) {
            return;
        }
        out.println(title);
        for (JsonNode u : usage) {
            String client = u.path("client").asString("");
            out.println("  "
                    + left(
                            u.path("provider").asString("") + ","
                                    + u.path("model").asString("")
                                    + (client.isEmpty() || client.equals("-") ? "" : " (" + client + ")"),
                            30)
                    + " "
                    + right(u.path("requests").asLong(), 6) + " requests "
                    + right(u.path("errors").asLong(), 4)
                    + " errors  in " + u.path("input").asLong() + "  out "
                    + u.path("output").asLong()
                    + "  cache read " + u.path("cacheRead").asLong() + "  cache write "
                    + u.path("cacheWrite").asLong());
        }
    }

    /** Cluster mode: whether state is shared, what other instances hold open and said, and today's totals. */
    private static void printCluster(PrintWriter out, JsonNode cluster) {
        if (!cluster.isObject()) {
            return;
        }
        out.println("cluster:   " + cluster.path("state").asString("?") + " through Redis at "
                + cluster.path("redis").asString("?") + " (this instance: "
                + cluster.path("instance").asString("?")
                + ")");
        for (Map.Entry<String, JsonNode> e : cluster.path("openElsewhere").properties()) {
            out.println("           circuit " + e.getKey() + " held open by another instance until "
                    + Instant.ofEpochMilli(e.getValue().asLong()));
        }
        for (Map.Entry<String, JsonNode> e : cluster.path("configResults").properties()) {
            out.println("           last admin change on " + e.getKey() + ": "
                    + e.getValue().asString());
        }
        printUsage(out, "usage today (UTC), all instances:", cluster.path("usageToday"));
    }

    /** {@code  (128k window, 8k out)}; empty when nothing is known. */
    private static String limits(JsonNode l) {
        int context = l.path("context").asInt(0);
        int output = l.path("maxOutput").asInt(0);
        if (context <= 0 && output <= 0) {
            return "";
        }
        return " (" + ModelLimits.tokens(context) + " window"
                + (output > 0 ? ", " + ModelLimits.tokens(output) + " out" : "") + ", "
                + l.path("source").asString("?") + ")";
    }

    /** The window Claude Code should compact against now, and the one it was started with. */
    static void window(PrintWriter out, JsonNode now, Optional<JsonNode> started) {
        if (now.isObject()) {
            out.println("claude:    compacts best within "
                    + now.path("compactWindow").asInt() + " tokens ("
                    + ModelLimits.tokens(now.path("window").asInt()) + " window of "
                    + now.path("basis").asString("?") + ")");
        }
        if (started.isEmpty()) {
            out.println("           no `router code` has run with a known window yet");
            return;
        }
        JsonNode s = started.get();
        int was = s.path("compactWindow").asInt();
        out.println("           " + s.path("by").asString("router code") + " at "
                + s.path("at").asString("?")
                + " started Claude Code to compact within " + was + " tokens"
                + (now.isObject() && now.path("compactWindow").asInt() != was
                        ? "; routes changed since: restart Claude Code (`router code --continue`) to use the new window"
                        : ""));
    }

    static void printRoutes(PrintWriter out, JsonNode routes) {
        out.println("routes:");
        for (Map.Entry<String, JsonNode> e : routes.properties()) {
            List<String> targets = new ArrayList<>();
            e.getValue().forEach(t -> targets.add(t.asString()));
            out.println("  " + left(e.getKey(), 12) + " "
                    + (targets.isEmpty() ? "(default)" : String.join(" -> ", targets)));
        }
    }

    // by hand rather than printf: java.util.Formatter costs a client command some 30 ms to load
    static String left(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    static String right(long n, int width) {
        String s = Long.toString(n);
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    private static String uptime(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + "m " + (seconds % 60) + "s";
        }
        return (seconds / 3600) + "h " + (seconds % 3600 / 60) + "m";
    }
}
