package dev.modelrouter.observe;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/**
 * The JSON-lines request log, {@code requests.jsonl} in the logs folder. Requests hand their record to
 * a bounded queue and never wait: one background thread formats and writes, and a full queue drops the
 * line and counts it. The file rotates by size ({@code requests.1.jsonl} is the newest old one), and
 * the folder and file are created only when the first line is written.
 */
public final class RequestLog implements AutoCloseable {

    /** The current file's name. */
    public static final String FILE_NAME = "requests.jsonl";
    /** Size at which the current file rotates. */
    public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;
    /** Files kept, the current one included. */
    public static final int DEFAULT_FILES = 5;
    /** How long the writer sleeps when it finds nothing to write: from this, doubling while idle ... */
    private static final long MIN_IDLE_MS = 50;

    /** ... up to this. */
    private static final long MAX_IDLE_MS = 1000;

    /** Lines waiting for the writer before new ones are dropped. */
    public static final int DEFAULT_QUEUE = 8192;

    private static final System.Logger LOG = System.getLogger(RequestLog.class.getName());
    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.threadLocalPool())
            .build();
    private static final int BATCH = 256;

    private final Path dir;
    private final long maxBytes;
    private final int files;
    private final BlockingQueue<RequestRecord> queue;
    private final UnaryOperator<String> redact;
    private final LongAdder dropped = new LongAdder();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
    private volatile boolean closing;
    private @Nullable Thread writer;
    private @Nullable OutputStream out;
    private long size;
    private boolean failureReported;

    /** A log in {@code logsDir} with the default size cap (20 MB x 5 files) and queue (8192 lines). */
    public static RequestLog in(Path logsDir) {
        return in(logsDir, UnaryOperator.identity());
    }

    /**
     * As {@link #in(Path)}, with every text field passed through {@code redact}: the requested model
     * is the client's, and a client may send anything there.
     */
    public static RequestLog in(Path logsDir, UnaryOperator<String> redact) {
        return new RequestLog(logsDir, DEFAULT_MAX_BYTES, DEFAULT_FILES, DEFAULT_QUEUE, redact);
    }

    RequestLog(Path dir, long maxBytes, int files, int queueCapacity) {
        this(dir, maxBytes, files, queueCapacity, UnaryOperator.identity());
    }

    RequestLog(Path dir, long maxBytes, int files, int queueCapacity, UnaryOperator<String> redact) {
        this.redact = redact;
        if (files < 1 || maxBytes < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("files, maxBytes and queueCapacity must be positive");
        }
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.files = files;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
    }

    /** The current file. */
    public Path file() {
        return dir.resolve(FILE_NAME);
    }

    /** Lines dropped so far: queue full, log closed, or the write failed. */
    public long dropped() {
        return dropped.sum();
    }

    /** Queues one line; never blocks. Returns whether it was queued. */
    boolean offer(RequestRecord record) {
        if (closing) {
            dropped.increment();
            return false;
        }
        startWriter();
        if (!queue.offer(record)) {
            dropped.increment();
            return false;
        }
        return true;
    }

    /** Writes what is queued, flushes and closes the file; later lines are dropped. Idempotent. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            t = writer;
        }
        if (t != null) {
            // wakes the writer from its poll; the file is a FileOutputStream, which an interrupt cannot close
            t.interrupt();
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (t == null || !t.isAlive()) {
            // the writer is gone; whatever slipped in after its last look is written here
            writeBatch(drain());
            closeFile();
        }
    }

    private void startWriter() {
        if (writer != null) {
            return;
        }
        synchronized (this) {
            if (writer == null && !closing) {
                Thread t = new Thread(this::run, "router-request-log");
                t.setDaemon(true);
                t.start();
                writer = t;
            }
        }
    }

    private void run() {
        long idle = MIN_IDLE_MS;
        while (true) {
            // Sleeps between batches instead of waiting on the queue: a waiting writer is woken by every
            // offer, a context switch per request on the request path, which cost 2 % of the
            // proxy's event-loop CPU in a profile. Lines reach the file within a second; an idle daemon
            // backs off to one look a second.
            RequestRecord first = queue.poll();
            if (first == null) {
                if (closing) {
                    return;
                }
                try {
                    Thread.sleep(idle);
                } catch (InterruptedException e) {
                    return;
                }
                idle = Math.min(MAX_IDLE_MS, idle * 2);
                continue;
            }
            idle = MIN_IDLE_MS;
            List<RequestRecord> batch = new ArrayList<>(Math.min(BATCH, queue.size() + 1));
            batch.add(first);
            queue.drainTo(batch, BATCH - 1);
            writeBatch(batch);
        }
    }

    private List<RequestRecord> drain() {
        List<RequestRecord> rest = new ArrayList<>();
        queue.drainTo(rest);
        return rest;
    }

    private void writeBatch(List<RequestRecord> batch) {
        if (batch.isEmpty()) {
            return;
        }
        int written = 0;
        try {
            for (RequestRecord r : batch) {
                writeLine(r);
                written++;
            }
            if (out != null) {
                out.flush();
            }
        } catch (IOException | JacksonException e) {
            dropped.add(batch.size() - written);
            reportFailure(e);
            closeFile();
        }
    }

    private void writeLine(RequestRecord r) throws IOException {
        line.reset();
        try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), line)) {
            r.write(g, redact);
        }
        line.write('\n');
        OutputStream o = open();
        if (size > 0 && size + line.size() > maxBytes) {
            rotate();
            o = open();
        }
        line.writeTo(o);
        size += line.size();
    }

    private OutputStream open() throws IOException {
        OutputStream o = out;
        if (o == null) {
            Files.createDirectories(dir);
            Path f = file();
            size = Files.exists(f) ? Files.size(f) : 0;
            // FileOutputStream, not a channel: an interrupt must not close the log under the writer
            o = new BufferedOutputStream(new FileOutputStream(f.toFile(), true), 64 * 1024);
            out = o;
        }
        return o;
    }

    private void rotate() throws IOException {
        closeFile();
        Files.deleteIfExists(rotated(files - 1));
        for (int i = files - 2; i >= 1; i--) {
            if (Files.exists(rotated(i))) {
                Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (files > 1) {
            Files.move(file(), rotated(1), StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.deleteIfExists(file());
        }
        size = 0;
    }

    private Path rotated(int n) {
        return n == 0 ? file() : dir.resolve("requests." + n + ".jsonl");
    }

    private void closeFile() {
        OutputStream o = out;
        out = null;
        if (o != null) {
            try {
                o.close();
            } catch (IOException e) {
                reportFailure(e);
            }
        }
    }

    private void reportFailure(Exception e) {
        if (!failureReported) {
            failureReported = true;
            LOG.log(
                    System.Logger.Level.WARNING,
                    "request log " + file() + ": " + e.getMessage()
                            + " (lines are dropped and counted while this lasts)");
        }
    }
}
