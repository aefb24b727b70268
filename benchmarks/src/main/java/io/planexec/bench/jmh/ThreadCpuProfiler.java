package io.planexec.bench.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * A JMH profiler reporting the CPU time the benchmark's worker threads spent per operation ({@code cpu.time.norm}, in
 * the benchmark's time unit per operation), next to the wall-clock score. On a machine shared with other work,
 * wall-clock time includes the time a worker waited for a core; CPU time does not, so it shows what the code itself
 * costs. GC threads are not counted (use {@code -prof gc} for them).
 *
 * <p>Use: {@code java -jar bench/target/planexec-benchmarks.jar Planning -prof io.planexec.bench.jmh.ThreadCpuProfiler}.
 */
public final class ThreadCpuProfiler implements InternalProfiler {

    private static final String WORKER = "-jmh-worker-";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private Map<Long, Long> before = Map.of();

    public ThreadCpuProfiler() {
        if (!threads.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure the CPU time of a thread");
        }
        threads.setThreadCpuTimeEnabled(true);
    }

    @Override
    public String getDescription() {
        return "CPU time of the benchmark's worker threads per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        before = workerCpuNanos();
    }

    @Override
    public List<? extends Result<?>> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        long cpu = 0;
        for (Map.Entry<Long, Long> e : workerCpuNanos().entrySet()) {
            cpu += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        long ops = result.getMetadata().getAllOps();
        if (ops == 0) {
            return List.of();
        }
        TimeUnit unit = benchmarkParams.getTimeUnit();
        return List.of(new ScalarResult(
                "cpu.time.norm",
                (double) cpu / unit.toNanos(1) / ops,
                TimeValue.tuToString(unit) + "/op",
                AggregationPolicy.AVG));
    }

    /** The CPU time so far of every live worker thread, by thread id. */
    private Map<Long, Long> workerCpuNanos() {
        Map<Long, Long> out = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains(WORKER)) {
                long nanos = threads.getThreadCpuTime(info.getThreadId());
                if (nanos >= 0) {
                    out.put(info.getThreadId(), nanos);
                }
            }
        }
        return out;
    }
}
