package dev.modelrouter.plugin;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One running {@code node custom-router-bridge.cjs} of a {@link NodeHost}: a writer thread drains a queue of request
 * lines into its stdin (so no caller ever blocks on a full pipe), a reader thread completes the pending
 * calls from its stdout lines, and a third thread copies its stderr to the log.
 */
final class ScriptProcess {

    private static final Logger LOG = LoggerFactory.getLogger(NodeHost.class);
    private static final int MAX_LOG_LINE = 2_000;
    /** Wakes the writer so it sees {@link #stopping}; real lines are never empty. */
    private static final Line WAKE = new Line(-1, "");
    /** Queued characters (about bytes: bodies are mostly ASCII) past which node counts as wedged and is stopped. */
    static final long MAX_QUEUED_CHARS = 32L << 20;
    /** Timed-out calls in a row, with no answer between them, after which node counts as wedged. */
    static final int MAX_UNANSWERED = 20;

    private final Process process;
    private final String name;
    private final JsonMapper json;
    private final DistinctWarnings warnings;
    private final Map<Long, Call> pending = new ConcurrentHashMap<>();
    private final BlockingQueue<Line> outbox = new LinkedBlockingQueue<>();
    /** Characters queued and not yet written: node that stops reading its stdin is wedged. */
    private final AtomicLong queued = new AtomicLong();
    /** Calls that timed out since the last answer: node that answers nothing any more is wedged. */
    private final AtomicInteger unanswered = new AtomicInteger();

    /**
     * One call's answer lines: a routing answer is one line, a transformer's streamed answer several.
     * Both methods run on the reader thread and must not block.
     */
    interface Call {
        /** Takes one line addressed to this call; returns true when it was the call's last. */
        boolean answer(JsonNode message);

        /** Node went away (or was stopped) before the call's last line. */
        void gone();
    }

    /** One line for node's stdin; {@code id} -1 for lines that are not calls (the config). */
    private record Line(long id, String text) {}

    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Thread writer;
    private volatile boolean alive = true;
    private volatile boolean stopping;

    private ScriptProcess(Process process, String name, JsonMapper json, DistinctWarnings warnings) {
        this.process = process;
        this.name = name;
        this.json = json;
        this.warnings = warnings;
        this.writer = daemon("writer", () -> writeLines(process.getOutputStream()));
    }

    /**
     * Starts node without waiting for it: {@link #ready()} tells when the script is loaded, and lines
     * sent before that wait in the pipe. The config line is the first thing the bridge reads.
     *
     * @throws IOException when the node binary cannot be started
     */
    static ScriptProcess launch(
            List<String> command,
            String name,
            String configLine,
            Duration readyTimeout,
            JsonMapper json,
            DistinctWarnings warnings)
            throws IOException {
        Process process = new ProcessBuilder(command).start();
        ScriptProcess running = new ScriptProcess(process, name, json, warnings);
        running.outbox.add(new Line(-1, configLine));
        running.writer.start();
        daemon("reader", () -> running.readAnswers(process.getInputStream())).start();
        daemon("stderr", () -> running.pumpStderr(process.getErrorStream())).start();
        running.ready.orTimeout(readyTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, failure) -> {
            if (failure != null) {
                running.closeSoon();
            }
        });
        return running;
    }

    private static Thread daemon(String role, Runnable body) {
        Thread thread = new Thread(body, "custom-router-" + role);
        thread.setDaemon(true);
        return thread;
    }

    /** Completes when the bridge loaded the script; fails with an {@link IOException} naming the cause. */
    CompletableFuture<Void> ready() {
        return ready;
    }

    boolean alive() {
        return alive && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /**
     * Queues one request line; the answer completes {@code sink}.
     *
     * @return false when the process is gone (the sink is then left to the caller)
     */
    boolean send(long id, String line, Call call) {
        if (!alive) {
            return false;
        }
        pending.put(id, call);
        if (!alive) {
            // exited() may have drained the map before or after our put; whoever removes the sink answers it
            return pending.remove(id) == null;
        }
        if (queued.addAndGet(line.length()) > MAX_QUEUED_CHARS) {
            // node has stopped reading: stop it, so that the next call starts a fresh one
            queued.addAndGet(-line.length());
            warnings.warn(
                    "wedged",
                    "{}: node stopped reading its requests; it is stopped and restarts" + " on a later request",
                    name);
            closeSoon();
            return pending.remove(id) == null;
        }
        outbox.add(new Line(id, line));
        return true;
    }

    /**
     * Queues a further line of a call that is still pending (a chunk of a streamed body), or with
     * {@code id} -1 a line that must reach node even for a call that was dropped.
     */
    void sendMore(long id, String line) {
        if (alive && queued.addAndGet(line.length()) <= MAX_QUEUED_CHARS) {
            outbox.add(new Line(id, line));
        }
    }

    /** Drops a call that was cancelled; its late answer is then ignored. */
    void forget(long id) {
        pending.remove(id);
    }

    /**
     * Drops a call that timed out. After {@link #MAX_UNANSWERED} of them in a row node counts as
     * wedged (an endless loop, a promise that never settles) and is stopped, to restart on a later call.
     */
    void timedOut(long id) {
        pending.remove(id);
        if (unanswered.incrementAndGet() >= MAX_UNANSWERED && alive) {
            warnings.warn(
                    "wedged",
                    "{}: node answered none of the last {} requests; it is stopped and"
                            + " restarts on a later request",
                    name,
                    MAX_UNANSWERED);
            closeSoon();
        }
    }

    /** Marks the process gone at once (later calls start another) and kills it off the caller's thread. */
    private void closeSoon() {
        alive = false;
        Schedulers.boundedElastic().schedule(this::close);
    }

    /** Kills the process and its children; pending calls complete empty. */
    void close() {
        stopping = true;
        alive = false;
        outbox.add(WAKE);
        process.toHandle().descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(500, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        ready.completeExceptionally(new IOException("closed before it was ready"));
        answerPendingEmpty();
    }

    private void writeLines(OutputStream stdin) {
        try (Writer out = new BufferedWriter(new OutputStreamWriter(stdin, StandardCharsets.UTF_8), 1 << 16)) {
            while (!stopping) {
                Line line = outbox.take();
                if (line.text().isEmpty()) {
                    continue;
                }
                queued.addAndGet(-line.text().length());
                if (line.id() >= 0 && !pending.containsKey(line.id())) {
                    continue; // timed out or cancelled while it waited: node need not see it
                }
                out.write(line.text());
                out.write('\n');
                if (outbox.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the pipe broke: node is gone, and the reader sees its stdout end
            LOG.debug("{}: writing to node failed", name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readAnswers(InputStream stdout) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                handle(line);
            }
        } catch (IOException e) {
            LOG.debug("{}: reading from node failed", name, e);
        } finally {
            exited();
        }
    }

    private void handle(String line) {
        JsonNode message;
        try {
            message = json.readTree(line);
        } catch (JacksonException e) {
            warnings.warn("stray-output", "{}: ignoring a line of node's stdout that is not JSON", name);
            return;
        }
        JsonNode id = message.get("id");
        if (id == null) {
            JsonNode readiness = message.get("ready");
            if (readiness != null && readiness.asBoolean()) {
                ready.complete(null);
            } else if (readiness != null) {
                ready.completeExceptionally(new IOException("failed to load: " + text(message.get("error"))));
            }
            return;
        }
        unanswered.set(0);
        Call call = pending.get(id.asLong());
        if (call != null && call.answer(message)) {
            pending.remove(id.asLong());
        }
    }

    static String text(JsonNode node) {
        return node == null || node.isNull() ? "unknown error" : node.isString() ? node.stringValue() : node.toString();
    }

    private void exited() {
        boolean wasAlive = alive;
        alive = false;
        stopping = true;
        outbox.add(WAKE);
        Integer code = exitCode();
        ready.completeExceptionally(new IOException(
                "node exited with code " + code + " before it was ready (its output is in the log above)"));
        if (wasAlive && ready.isDone() && !ready.isCompletedExceptionally()) {
            warnings.warn("exit:" + code, "{}: node exited with code {}; it restarts on a later request", name, code);
        }
        answerPendingEmpty();
    }

    private Integer exitCode() {
        try {
            return process.waitFor(2, TimeUnit.SECONDS) ? process.exitValue() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void answerPendingEmpty() {
        for (Long id : pending.keySet()) {
            Call call = pending.remove(id);
            if (call != null) {
                call.gone();
            }
        }
    }

    private void pumpStderr(InputStream stderr) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            StringBuilder line = new StringBuilder();
            boolean cut = false;
            for (int c = in.read(); c != -1; c = in.read()) {
                if (c == '\n') {
                    logLine(line, cut);
                    line.setLength(0);
                    cut = false;
                } else if (line.length() < MAX_LOG_LINE) {
                    line.append((char) c);
                } else {
                    cut = true;
                }
            }
            if (line.length() > 0) {
                logLine(line, cut);
            }
        } catch (IOException e) {
            LOG.debug("{}: reading node's stderr failed", name, e);
        }
    }

    private void logLine(StringBuilder line, boolean cut) {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
        }
        LOG.info("[{}] {}{}", name, line, cut ? " …(cut)" : "");
    }
}
