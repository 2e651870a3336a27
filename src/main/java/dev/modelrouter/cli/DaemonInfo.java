package dev.modelrouter.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@code $ROUTER_HOME/router.pid} records about the running daemon, so client commands find it
 * without reading config.json (which may be mid-edit or broken).
 *
 * @param pid the daemon's process id
 * @param host the address it listens on
 * @param port the port it listens on
 * @param config the config file it watches
 */
record DaemonInfo(long pid, String host, int port, @Nullable String config) {

    /** Where clients connect: a wildcard listen address is reached through loopback. */
    String baseUrl() {
        String h = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.isBlank()
                ? "127.0.0.1"
                : host;
        return "http://" + (h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + port;
    }

    /** The recorded daemon, empty when the file is missing or unreadable. */
    static Optional<DaemonInfo> read(Path file) {
        try {
            JsonNode n = CliJson.read(Files.readString(file));
            long pid = n.path("pid").asLong(-1);
            int port = n.path("port").asInt(-1);
            if (pid <= 0 || port <= 0) {
                return Optional.empty();
            }
            String config = n.path("config").isString() ? n.path("config").asString() : null;
            return Optional.of(new DaemonInfo(pid, n.path("host").asString("127.0.0.1"), port, config));
        } catch (IOException | JacksonException e) {
            return Optional.empty();
        }
    }

    /** Writes the file in one step, so a reader never sees half of it. */
    void write(Path file) throws IOException {
        ObjectNode n = CliJson.object();
        n.put("pid", pid);
        n.put("host", host);
        n.put("port", port);
        n.put("config", config);
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), ".router.pid.", ".tmp");
        Files.writeString(tmp, CliJson.write(n) + "\n");
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes {@code file} when it still records {@code pid}. */
    static void release(Path file, long pid) {
        if (read(file).filter(i -> i.pid() == pid).isPresent()) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // the next `router status` reports it as stale and removes it
            }
        }
    }
}
