package dev.modelrouter.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@code script} module of ccr's status line: a Node.js module ({@code scriptPath}) exporting a
 * function that gets the line's values and the module's {@code options} and returns (or resolves to)
 * the text to show, or exporting that text. It runs in a {@code node} process of its own (ROUTER_NODE,
 * else {@code node}), given a second at most: the status line is drawn on every refresh.
 */
final class StatusScript {

    static final long TIMEOUT_MS = 1000;
    /** Environment variable that changes {@link #TIMEOUT_MS}, for slow machines. */
    static final String TIMEOUT_ENV = "ROUTER_STATUSLINE_SCRIPT_MS";

    static final int MAX_TEXT = 200;

    /**
     * Reads {vars, options} on stdin, loads the module, prints the start of what it gives and exits at
     * once, whatever timers or sockets the script left open; the script's own console output goes to
     * stderr, which is discarded, so it cannot take the text's place.
     */
    private static final String RUNNER = String.join(
            "",
            "console.log=console.info=console.warn=console.debug=console.error;",
            "let s='';process.stdin.setEncoding('utf8');process.stdin.on('data',d=>s+=d).on('end',async()=>{",
            "try{const {vars,options}=JSON.parse(s);const m=require(process.argv[1]);",
            "const f=typeof m==='function'?m:(m&&typeof m.default==='function'?m.default:null);",
            "const r=f?await f(vars,options):(typeof m==='string'?m:(m&&typeof m.default==='string'?m.default:''));",
            "const t=(r==null?'':String(r)).split(/\\r?\\n/)[0].slice(0," + MAX_TEXT + ");",
            "process.stdout.write(t,()=>process.exit(0));}catch(e){process.exit(1);}});");

    private StatusScript() {}

    /** How long the script modules of one line may take together: {@value #TIMEOUT_ENV}, else a second. */
    static long budgetMillis(Map<String, String> env) {
        try {
            long ms = Long.parseLong(env.getOrDefault(TIMEOUT_ENV, "").trim());
            return ms > 0 ? ms : TIMEOUT_MS;
        } catch (NumberFormatException e) {
            return TIMEOUT_MS;
        }
    }

    /** The module's text on one line, "" when it cannot be had within {@code budgetMillis}. */
    static String run(
            Path script, Map<String, String> vars, JsonNode options, Map<String, String> env, long budgetMillis) {
        if (budgetMillis <= 0) {
            return "";
        }
        if (!Files.isRegularFile(script)) {
            return "";
        }
        String node = env.getOrDefault("ROUTER_NODE", "");
        Process process = null;
        try {
            process = new ProcessBuilder(node.isBlank() ? "node" : node, "-e", RUNNER, script.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            ObjectNode input = CliJson.object();
            ObjectNode values = input.putObject("vars");
            vars.forEach(values::put);
            input.set("options", options.isObject() ? options : CliJson.object());
            try (OutputStream in = process.getOutputStream()) {
                in.write(CliJson.write(input).getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(budgetMillis, TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                return "";
            }
            try (InputStream out = process.getInputStream()) {
                // the runner wrote at most MAX_TEXT characters, whole ones
                return new String(out.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
        } catch (IOException | RuntimeException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } finally {
            if (process != null) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }
}
