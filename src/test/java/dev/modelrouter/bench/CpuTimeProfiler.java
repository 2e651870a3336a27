package dev.modelrouter.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time per operation, next to JMH's wall-clock score. On a shared 2-core machine the wall clock
 * counts the time the benchmark thread waited for a core; CPU time does not, so it is the number
 * to compare with latency budgets there. {@code cpu.thread}: Java threads (the benchmark thread and
 * JMH's, which idle); {@code cpu.process}: the whole JVM, so garbage collection and JIT as well.
 * Use with {@code -prof dev.modelrouter.bench.CpuTimeProfiler}.
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long threadStart;
    private long processStart;

    @Override
    public String getDescription() {
        return "CPU time per operation (Java threads, and the whole process)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
        threadStart = threadCpu();
        processStart = os.getProcessCpuTime();
    }

    @Override
    public List<? extends Result> afterIteration(
            BenchmarkParams benchmark, IterationParams iteration, IterationResult result) {
        long ops = Math.max(1, result.getMetadata().getAllOps());
        double thread = (threadCpu() - threadStart) / 1e3 / ops;
        double process = (os.getProcessCpuTime() - processStart) / 1e3 / ops;
        return List.of(
                new ScalarResult("cpu.thread", thread, "us/op", AggregationPolicy.AVG),
                new ScalarResult("cpu.process", process, "us/op", AggregationPolicy.AVG));
    }

    private long threadCpu() {
        long sum = 0;
        for (long id : threads.getAllThreadIds()) {
            long t = threads.getThreadCpuTime(id);
            if (t > 0) {
                sum += t;
            }
        }
        return sum;
    }
}
