package dev.modelrouter.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code router ui}: the web UI in the browser. Starts the daemon when none runs, asks it (with the
 * admin token) for a one-time login link and hands that to the system's opener ({@code open} on macOS,
 * {@code xdg-open} elsewhere); without one, or with {@code --no-browser}, prints the link. Returns at
 * once: the UI lives in the daemon.
 */
@Command(name = "ui", description = "Open the router's web UI in the browser (starts the router if needed).")
final class UiCommand implements Callable<Integer> {

    /** How long the opener may take before it is left to itself, as some stay until the browser starts. */
    private static final long OPENER_WAIT_SECONDS = 10;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--no-browser", description = "Print the one-time login link instead of opening a browser.")
    boolean noBrowser;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Lifecycle lifecycle = Lifecycle.onStderr(spec);
        return lifecycle.started("the UI was not opened", daemon -> open(lifecycle.client(daemon), daemon));
    }

    private int open(DaemonClient client, DaemonInfo daemon) throws IOException, InterruptedException {
        Map<String, String> env = RouterCli.env(spec);
        PrintWriter out = spec.commandLine().getOut();
        DaemonClient.Reply reply = client.post("/api/ui/login-link", "{}");
        String link = reply.json().path("url").asString("");
        if (!reply.ok() || link.isEmpty()) {
            spec.commandLine().getErr().println("the router gave no login link: " + reply.errorMessage());
            return 1;
        }
        String opener = noBrowser ? null : opener(env);
        if (opener != null && opened(opener, link, env)) {
            out.println("opened the router's UI in your browser: " + daemon.baseUrl() + "/ui/");
            return 0;
        }
        out.println("open this link in a browser on this machine; it logs in once, within "
                + "2 minutes (run `router ui` again for a new one):");
        out.println(link);
        return 0;
    }

    /** The system's command that opens a URL in the user's browser, if it is on the PATH. */
    static @Nullable String opener(Map<String, String> env) {
        String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac") ? "open" : "xdg-open";
        for (String dir : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return null;
    }

    private static boolean opened(String opener, String link, Map<String, String> env) throws InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(opener, link)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            Process process = pb.start();
            return !process.waitFor(OPENER_WAIT_SECONDS, TimeUnit.SECONDS) || process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
