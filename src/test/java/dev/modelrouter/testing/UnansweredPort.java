package dev.modelrouter.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback port where a connection is never established: it listens but never accepts, and its
 * listen queue is filled at once, so the kernel drops every further SYN and a client's connect hangs
 * until the client's own connect timeout. Loopback only, no routing tricks.
 */
public final class UnansweredPort implements AutoCloseable {

    private static final int CONNECT_PROBE_MS = 300;

    private final ServerSocket server;
    private final List<Socket> queued = new ArrayList<>();

    /** Listens on a free loopback port and fills its queue. */
    public UnansweredPort() {
        try {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            for (int i = 0; i < 64; i++) {
                Socket s = new Socket();
                try {
                    s.connect(server.getLocalSocketAddress(), CONNECT_PROBE_MS);
                    queued.add(s);
                } catch (SocketTimeoutException full) {
                    s.close();
                    return;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        close();
        throw new IllegalStateException("the listen queue of a loopback port never filled");
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        try {
            for (Socket s : queued) {
                s.close();
            }
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
