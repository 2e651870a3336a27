package dev.modelrouter.server;

import java.nio.channels.ClosedChannelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.channel.AbortedException;

/**
 * A client that closed or reset its connection before the router was done with it: an everyday
 * event (a user presses Esc, a process is killed), worth one DEBUG line, not an ERROR and a trace.
 */
final class ClientGone {

    private static final Logger LOG = LoggerFactory.getLogger(ClientGone.class);

    private ClientGone() {}

    /** Reactor Netty's (package-private) signal that a body took longer than the body timeout. */
    private static final String BODY_TIMED_OUT = "reactor.netty.http.server.RequestTimeoutException";

    /**
     * Whether {@code failure}, or one of its causes, says the client's connection is gone, or is
     * being closed because its body stalled past the body timeout.
     */
    static boolean is(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AbortedException
                    || t instanceof ClosedChannelException
                    || AbortedException.isConnectionReset(t)
                    || t.getClass().getName().equals(BODY_TIMED_OUT)) {
                return true;
            }
        }
        return false;
    }

    /**
     * For {@code Hooks.onErrorDropped}: Reactor Netty signals a reset connection twice, and the
     * second signal, which no one is left to receive, is dropped; Reactor's default logs each drop as
     * an ERROR with its trace. Drops for other reasons still are.
     */
    static void dropped(Throwable failure) {
        if (is(failure)) {
            LOG.trace("dropped after the client went away: {}", failure.toString());
        } else {
            LOG.error("Operator called default onErrorDropped", failure);
        }
    }
}
