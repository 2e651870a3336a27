package dev.modelrouter.cli.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's JVM, started on its JDK ({@link DaemonJava}) from the extracted layout with the daemon's
 * options and, once trained, the start-up archive. The JVM that starts it stays up only to pass on its
 * exit code and to stop it on SIGTERM or SIGINT, so that whoever started {@code java -jar ... serve} can
 * stop it as before.
 *
 * @param cache the extracted layout
 * @param java the JDK it runs on
 * @param options the child's JVM options: the daemon's, then the user's own (which win where they clash)
 */
public record ChildJvm(JarCache cache, DaemonJava java, List<String> options) {

    /**
     * System property naming the launching JVM's pid: the daemon stops when that JVM is gone, so a
     * {@code kill -9} of the {@code java -jar} the user started cannot leave a daemon holding the port.
     */
    public static final String PARENT_PID_PROPERTY = "router.parentPid";

    /** How long the child starts alone before this JVM does its own housekeeping beside it. */
    static final Duration HOUSEKEEPING_DELAY = Duration.ofSeconds(10);

    /** The daemon's heap sizing among {@link #DAEMON_OPTIONS}: left out under a smaller maximum heap. */
    static final List<String> HEAP_SIZING = List.of("-Xms128m", "-Xmn96m", "-XX:SurvivorRatio=4");

    /** The maximum heap the daemon's heap sizing needs: its initial heap. */
    static final long HEAP_SIZING_NEEDS = 128L << 20;

    /**
     * JVM options of the daemon, wherever it starts ({@code router start}, {@code scripts/router serve}, a
     * plain {@code java -jar ... serve}; a test keeps {@code scripts/router} equal). A small, mostly idle
     * daemon: the serial collector keeps its idle footprint under 200 MB where G1's defaults on a big
     * machine reserve far more. The initial heap is sized for the start-up: from 16 MB it grew through
     * 16 collections, two of them full ones, that copied the same long-lived beans again and again (some
     * 200 ms of CPU). The young generation is sized for Claude Code's turns: each 50 KB turn allocates
     * about 300 KB while it is in flight, so with the default third of a 96 MB heap (3 MB survivor
     * spaces) the requests of any collection spilled into the old generation, which then filled and was
     * compacted several times a second: a third of the router's CPU per turn at 16 and 64 at a time.
     * 96 MB of young generation with 16 MB survivor spaces holds 64 turns in flight; it costs some
     * 40 MB more resident memory once a load has touched all of eden. The optimising compiler waits for four
     * times the default invocation counts: during start-up it would spend two seconds of CPU on code that
     * runs a few thousand times and never again, while the request path passes these counts within
     * seconds of load. The profiling C1 compiles wait for five times theirs, for the same reason: at the
     * defaults the start-up compiled some 1,900 methods at that tier, a third of a one-core start's CPU
     * spent beside the main thread, on code that then ran a few hundred times. Alternated one-core starts
     * took 0.1–0.3 s less; over the first 2,000 requests after a start the mean latency and CPU rose about
     * 10 % and the median 30 % (eight alternated pairs), while ten times the defaults made the mean 25 %
     * worse. The JVM keeps no performance-data file ({@code -XX:-UsePerfData}): 40–70 ms of every one-core
     * start, and nothing in {@code /tmp} that shows other accounts the JVM's counters; {@code jcmd} still
     * attaches, {@code jps} no longer lists the daemon. The heap is backed by transparent huge pages where
     * the kernel offers them on request ({@code madvise}, the common default): the start-up touches some
     * 60 MB of heap for the first time, and with 2 MB pages instead of 4 KB ones (fewer faults, fewer
     * address-translation misses) the start took 120 ms less of 1.3 s on two cores and 200 ms less on one
     * (alternated starts), for some 15 MB more resident memory when idle.
     */
    public static final List<String> DAEMON_OPTIONS = List.of(
            "-XX:+UseSerialGC",
            "-Xms128m",
            "-Xmn96m",
            "-XX:SurvivorRatio=4",
            "-XX:+UseTransparentHugePages",
            // where the kernel has them switched off, the JVM goes without and would say so on every start
            "-Xlog:pagesize=error",
            "-Xss512k",
            "-XX:-UsePerfData",
            "-XX:ReservedCodeCacheSize=64m",
            "-XX:Tier3InvocationThreshold=1000",
            "-XX:Tier3MinInvocationThreshold=500",
            "-XX:Tier3CompileThreshold=10000",
            "-XX:Tier3BackEdgeThreshold=120000",
            "-XX:Tier4InvocationThreshold=20000",
            "-XX:Tier4MinInvocationThreshold=2400",
            "-XX:Tier4CompileThreshold=60000",
            "-XX:Tier4BackEdgeThreshold=160000",
            // Netty 4.2 registers its buffer-pool events with Flight Recorder on the first allocation,
            // which starts JFR's machinery: some 90 ms of start-up CPU for telemetry nobody records
            "-Dio.netty.jfr.enabled=false",
            // Netty loads its epoll transport as a native library: from JDK 22 on, the JVM warns about that
            // on every start unless it is allowed (JDK 17 takes the option too)
            "--enable-native-access=ALL-UNNAMED");

    /**
     * The child for {@code cache}, given the command line of this JVM ({@code ProcessHandle} arguments:
     * options, {@code -jar}, the jar, the program's arguments): the options before {@code -jar} are the
     * user's, and pass on.
     */
    static ChildJvm of(JarCache cache, DaemonJava java, String[] thisCommandLine) {
        List<String> own = new ArrayList<>();
        for (String arg : thisCommandLine) {
            if (arg.equals("-jar")) {
                break;
            }
            own.add(arg);
        }
        if (own.size() == thisCommandLine.length) {
            own.clear(); // not started with -jar: the arguments are not JVM options
        }
        List<String> options = daemonOptions(own);
        options.addAll(java.jdkOptions());
        if (cache.aot()) {
            options.add("-Dspring.aot.enabled=true");
        }
        options.addAll(own);
        return new ChildJvm(cache, java, List.copyOf(options));
    }

    /**
     * The daemon's options to go before {@code own}, the user's (which follow, so they win): without the
     * serial collector when the user picks a collector, and without the heap sizing when the user's
     * maximum heap is below {@link #HEAP_SIZING_NEEDS}, either of which the JVM would refuse to start with.
     */
    public static List<String> daemonOptions(List<String> own) {
        boolean ownCollector = false;
        long maxHeap = -1;
        for (String option : own) {
            ownCollector |= collector(option);
            long bytes = maxHeap(option);
            if (bytes >= 0) {
                maxHeap = bytes;
            }
        }
        boolean smallHeap = maxHeap >= 0 && maxHeap < HEAP_SIZING_NEEDS;
        List<String> options = new ArrayList<>();
        for (String option : DAEMON_OPTIONS) {
            if (!(ownCollector && collector(option)) && !(smallHeap && HEAP_SIZING.contains(option))) {
                options.add(option);
            }
        }
        return options;
    }

    /**
     * The bytes {@code -Xmx<size>} or {@code -XX:MaxHeapSize=<size>} asks for, or -1 for another option or
     * a size that is not a number with an optional k, m, g or t.
     */
    static long maxHeap(String option) {
        String size;
        if (option.startsWith("-Xmx")) {
            size = option.substring(4);
        } else if (option.startsWith("-XX:MaxHeapSize=")) {
            size = option.substring(16);
        } else {
            return -1;
        }
        if (size.isEmpty()) {
            return -1;
        }
        long scale = switch (Character.toLowerCase(size.charAt(size.length() - 1))) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            case 't' -> 1L << 40;
            default -> 1;
        };
        String digits = scale == 1 ? size : size.substring(0, size.length() - 1);
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        try {
            return Math.multiplyExact(Long.parseLong(digits), scale);
        } catch (NumberFormatException | ArithmeticException e) {
            return -1;
        }
    }

    /**
     * Whether {@code option} picks a collector ({@code -XX:+Use<Name>GC}). A loop, not a regular expression
     * or a stream: this runs in the launching JVM before the child starts, where each costs milliseconds.
     */
    static boolean collector(String option) {
        String prefix = "-XX:+Use";
        if (!option.startsWith(prefix) || !option.endsWith("GC") || option.length() < prefix.length() + 2) {
            return false;
        }
        for (int i = prefix.length(); i < option.length() - 2; i++) {
            char c = option.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '_') {
                return false;
            }
        }
        return true;
    }

    /** The full command line for {@code args}, with the archive when one has been trained. */
    List<String> command(String[] args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.java());
        cmd.addAll(options);
        Path archive = cache.archive(java);
        if (Files.isRegularFile(archive)) {
            cmd.addAll(java.startOptions(archive));
        }
        cmd.add("-D"
                .concat(PARENT_PID_PROPERTY)
                .concat("=")
                .concat(Long.toString(ProcessHandle.current().pid())));
        cmd.add("-jar");
        cmd.add(cache.appJar().toString());
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    /**
     * Runs the child with this JVM's standard streams and returns its exit code. A shutdown hook passes
     * SIGTERM and SIGINT on (as SIGTERM) and waits for the child, so no daemon outlives this JVM.
     * The cache's pruning runs in a background thread once the child has had {@link #HOUSEKEEPING_DELAY}
     * to start on cores of its own.
     */
    int run(String[] args) {
        Process child;
        try {
            child = new ProcessBuilder(command(args)).inheritIO().start();
        } catch (IOException e) {
            System.err.println("model-router: cannot start " + java.java() + ": " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(child), "router-child-stop"));
        try {
            if (!child.waitFor(HOUSEKEEPING_DELAY.toMillis(), TimeUnit.MILLISECONDS)) {
                Thread t = new Thread(cache::pruneOthers, "router-cache-prune");
                t.setDaemon(true);
                t.setPriority(Thread.MIN_PRIORITY);
                t.start();
            }
        } catch (InterruptedException e) {
            // only the shutdown hook ends the child; keep waiting for it
        }
        while (true) {
            try {
                return child.waitFor();
            } catch (InterruptedException e) {
                // only the shutdown hook ends the child; keep waiting for it
            }
        }
    }

    private static void stop(Process child) {
        ArchiveTraining.stopAll();
        if (!child.isAlive()) {
            return;
        }
        child.destroy();
        try {
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
        }
    }
}
