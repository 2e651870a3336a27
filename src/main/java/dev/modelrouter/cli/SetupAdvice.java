package dev.modelrouter.cli;

import dev.modelrouter.config.ProviderConfig;
import dev.modelrouter.config.RouterConfig;
import dev.modelrouter.config.Target;
import dev.modelrouter.model.Scenario;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a user must still set before the configured routes can answer, said in one screen when the
 * router starts (and by {@code router code}), so that a fresh machine on the bundled example learns it
 * before the first request fails: each routed provider whose key names an unset variable, and each
 * routed provider on this machine (Ollama, vLLM, llama.cpp) where nothing listens. Providers no route
 * names are left out, since they cannot fail a request.
 *
 * @param lines the lines to print; empty when nothing is missing
 */
record SetupAdvice(List<String> lines) {

    /** The config loader's warning for a provider key whose variable is unset (EnvInterpolator's wording). */
    private static final Pattern UNSET_KEY = Pattern.compile(
            "^\\$\\.Providers\\[(\\d+)]\\.api_key(?:\\[\\d+])?: environment variable (\\S+) is not set");

    /** How long a local endpoint may take to accept a connection: it is on this machine. */
    private static final int CONNECT_TIMEOUT_MS = 300;

    /** Ollama's port, to name the command that starts it. */
    private static final int OLLAMA_PORT = 11434;

    SetupAdvice {
        lines = List.copyOf(lines);
    }

    /** The advice for {@code config}, probing local endpoints over TCP. */
    static SetupAdvice of(RouterConfig config) {
        return of(config, SetupAdvice::accepts, Set.of());
    }

    /**
     * The advice for a daemon that already runs, which may have been started from a shell with keys this
     * one lacks: a provider the daemon reports keys for ({@code /api/status}) is not asked for one.
     */
    static SetupAdvice ofRunning(DaemonClient daemon, RouterConfig config) {
        Set<String> keyed = new HashSet<>();
        try {
            DaemonClient.Reply reply = daemon.get("/api/status", Duration.ofSeconds(2));
            if (reply.ok()) {
                reply.json().path("providers").forEach(p -> {
                    if (p.path("keys").asInt(0) > 0) {
                        keyed.add(p.path("name").asString(""));
                    }
                });
            }
        } catch (IOException e) {
            // no status, no advice about keys beyond what this shell's environment shows
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return of(config, SetupAdvice::accepts, keyed);
    }

    /**
     * @param answers whether something accepts connections at a local endpoint
     * @param keyedElsewhere providers a running daemon has keys for, though this environment lacks their variable
     */
    static SetupAdvice of(RouterConfig config, Predicate<URI> answers, Set<String> keyedElsewhere) {
        Map<String, List<String>> routed = routedProviders(config);
        Map<String, List<String>> unsetVariables = unsetKeyVariables(config);
        List<String> gaps = new ArrayList<>();
        for (ProviderConfig p : config.providers()) {
            List<String> scenarios = routed.get(p.name());
            if (scenarios == null) {
                continue;
            }
            String who = String.format(Locale.ROOT, "  %-12s %s: ", p.name(), "(" + String.join(", ", scenarios) + ")");
            List<String> variables = unsetVariables.getOrDefault(p.name(), List.of());
            if (!p.hasKey() && !variables.isEmpty() && !keyedElsewhere.contains(p.name())) {
                List<String> exports = new ArrayList<>();
                variables.forEach(v -> exports.add("export " + v + "=<your key>"));
                gaps.add(who + String.join("; ", exports));
            }
            if (isLocal(p.apiBaseUrl()) && !answers.test(p.apiBaseUrl())) {
                gaps.add(who + "nothing answers at " + origin(p.apiBaseUrl()) + "; start it"
                        + (port(p.apiBaseUrl()) == OLLAMA_PORT ? " (`ollama serve`)" : ""));
            }
        }
        if (gaps.isEmpty()) {
            return new SetupAdvice(List.of());
        }
        List<String> lines = new ArrayList<>();
        lines.add("not ready yet: these routes will fail their first request until you set what they need");
        lines.addAll(gaps);
        lines.add("then run `router restart` from that shell, or route elsewhere: "
                + "`router model set <scenario> <provider,model>`");
        lines.add("(config: " + (config.bundled() ? "the bundled example; copy it to edit" : config.source()) + ")");
        return new SetupAdvice(lines);
    }

    /** Prints the advice, if any. */
    void print(PrintWriter out) {
        lines.forEach(out::println);
        out.flush();
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    /** Each provider a route names, with the scenarios that name it, in config order. */
    private static Map<String, List<String>> routedProviders(RouterConfig config) {
        Map<String, List<String>> routed = new LinkedHashMap<>();
        for (Scenario s : Scenario.values()) {
            if (!s.configurable()) {
                continue;
            }
            for (Target t : config.router().targets(s)) {
                config.provider(t.provider()).ifPresent(p -> {
                    List<String> scenarios = routed.computeIfAbsent(p.name(), n -> new ArrayList<>());
                    if (!scenarios.contains(s.key())) {
                        scenarios.add(s.key());
                    }
                });
            }
        }
        return routed;
    }

    private static Map<String, List<String>> unsetKeyVariables(RouterConfig config) {
        Map<String, List<String>> byProvider = new LinkedHashMap<>();
        for (String warning : config.warnings()) {
            Matcher m = UNSET_KEY.matcher(warning);
            int index = m.find() ? Integer.parseInt(m.group(1)) : -1;
            if (index >= 0 && index < config.providers().size()) {
                List<String> names =
                        byProvider.computeIfAbsent(config.providers().get(index).name(), n -> new ArrayList<>());
                if (!names.contains(m.group(2))) {
                    names.add(m.group(2));
                }
            }
        }
        return byProvider;
    }

    private static boolean isLocal(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return false;
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return bare.equalsIgnoreCase("localhost")
                || bare.equals("0.0.0.0")
                || bare.equals("::1")
                || bare.startsWith("127.");
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + port(uri);
    }

    /** Whether something accepts a TCP connection at the endpoint's host and port. */
    static boolean accepts(URI uri) {
        try (Socket socket = new Socket()) {
            String host = uri.getHost().startsWith("[")
                    ? uri.getHost().substring(1, uri.getHost().length() - 1)
                    : uri.getHost();
            socket.connect(new InetSocketAddress(InetAddress.getByName(host), port(uri)), CONNECT_TIMEOUT_MS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
