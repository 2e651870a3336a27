package dev.modelrouter.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A plain socket to the router, for what no HTTP client will send: a head that never ends, a body
 * that stalls, duplicated headers, a body that keeps coming after the answer.
 */
public final class RawHttp implements AutoCloseable {

    /** What the server sent before it closed the connection, or before the wait ran out. */
    public record Read(String text, boolean closed) {}

    private final Socket socket;

    private RawHttp(Socket socket) {
        this.socket = socket;
    }

    /** Connects to {@code 127.0.0.1:port}. */
    public static RawHttp connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        return new RawHttp(socket);
    }

    /** Sends {@code text} as ISO-8859-1 bytes. */
    public RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttp send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /**
     * Reads until the server closes the connection (or resets it) or {@code wait} passes with the
     * connection still open.
     */
    public Read readUntilClosed(Duration wait) throws IOException {
        long end = System.nanoTime() + wait.toNanos();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        while (true) {
            long left = Math.max(1, (end - System.nanoTime()) / 1_000_000);
            socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    return new Read(out.toString(StandardCharsets.ISO_8859_1), true);
                }
                out.write(buffer, 0, n);
            } catch (SocketTimeoutException e) {
                if (System.nanoTime() >= end) {
                    return new Read(out.toString(StandardCharsets.ISO_8859_1), false);
                }
            } catch (IOException reset) {
                return new Read(out.toString(StandardCharsets.ISO_8859_1), true);
            }
        }
    }

    /** Reads until {@code marker} has arrived, the connection closes or {@code wait} passes. */
    public String readUntil(String marker, Duration wait) throws IOException {
        long end = System.nanoTime() + wait.toNanos();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        while (!out.toString(StandardCharsets.ISO_8859_1).contains(marker) && System.nanoTime() < end) {
            socket.setSoTimeout((int) Math.max(1, (end - System.nanoTime()) / 1_000_000));
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
            } catch (SocketTimeoutException e) {
                // loop ends on the deadline
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** Closes with a reset (linger 0), as a killed process or a dropped network does. */
    public void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
