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
    private static final int MAX_TEXT = 200;

    /** Reads {vars, options} on stdin, loads the module, prints what it gives. */
    private static final String RUNNER = String.join("",
            "let s='';process.stdin.setEncoding('utf8');process.stdin.on('data',d=>s+=d).on('end',async()=>{",
            "try{const {vars,options}=JSON.parse(s);const m=require(process.argv[1]);",
            "const f=typeof m==='function'?m:(m&&typeof m.default==='function'?m.default:null);",
            "const r=f?await f(vars,options):(typeof m==='string'?m:(m&&typeof m.default==='string'?m.default:''));",
            "process.stdout.write(r==null?'':String(r));}catch(e){process.exitCode=1;}});");

    private StatusScript() {}

    /** The module's text on one line, "" when it cannot be had in time. */
    static String run(Path script, Map<String, String> vars, JsonNode options, Map<String, String> env) {
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
            if (!process.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                return "";
            }
            try (InputStream out = process.getInputStream()) {
                String text = new String(out.readNBytes(4 * MAX_TEXT), StandardCharsets.UTF_8);
                String line = text.strip().lines().findFirst().orElse("");
                return line.length() > MAX_TEXT ? line.substring(0, MAX_TEXT) : line;
            }
        } catch (IOException | RuntimeException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }
}
