package io.planexec.bench.harness.scenario;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * CPU time of this process's threads, grouped by what they are (the broker, the planner, the executor, the client,
 * the harness), so a scenario can say where the CPU went. Groups are recognised by thread name.
 */
public final class ThreadCpu {

    private final Map<Long, Long> cpuNanos;
    private final Map<Long, String> names;
    private final long processCpuNanos;
    private final long jitMillis;
    private final long gcMillis;

    private ThreadCpu(
            Map<Long, Long> cpuNanos, Map<Long, String> names, long processCpuNanos, long jitMillis, long gcMillis) {
        this.cpuNanos = cpuNanos;
        this.names = names;
        this.processCpuNanos = processCpuNanos;
        this.jitMillis = jitMillis;
        this.gcMillis = gcMillis;
    }

    /** The CPU time of every live thread now. */
    public static ThreadCpu take() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long t = threads.getThreadCpuTime(info.getThreadId());
            if (t >= 0) {
                cpu.put(info.getThreadId(), t);
                names.put(info.getThreadId(), info.getThreadName());
            }
        }
        return new ThreadCpu(cpu, names, processCpuNanos(), jitMillis(), gcMillis());
    }

    /** The time the JIT's compiler threads have spent compiling (elapsed, so it includes waiting for a core). */
    public static long jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** The time the garbage collectors have spent in collections (pauses and, for some, concurrent cycles). */
    public static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /** The CPU time of the whole process (all threads, the JVM's own included), in ns; -1 if unknown. */
    public static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /**
     * The CPU used since {@code before}: {@code process_cpu_ms} and, per group of threads, {@code <group>_ms} (threads
     * that ended in between are counted with garbage collection and compilation, which ThreadMXBean does not list);
     * then {@code jit_compiling_ms} and {@code gc_ms}, the compiler's and the collectors' time (see {@link #jitMillis}
     * and {@link #gcMillis}).
     */
    public Figures since(ThreadCpu before) {
        Map<String, Long> byGroup = new TreeMap<>();
        long threadsTotal = 0;
        for (Map.Entry<Long, Long> e : cpuNanos.entrySet()) {
            long delta = e.getValue() - before.cpuNanos.getOrDefault(e.getKey(), 0L);
            threadsTotal += delta;
            byGroup.merge(group(names.get(e.getKey())), delta, Long::sum);
        }
        long process = processCpuNanos - before.processCpuNanos;
        Figures f = new Figures();
        f.put("process_cpu_ms", process / 1e6);
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (String g : GROUP_ORDER) {
            ordered.put(g, byGroup.getOrDefault(g, 0L));
        }
        ordered.merge(OTHER, Math.max(0, process - threadsTotal), Long::sum);
        ordered.forEach((g, nanos) -> f.put(g + "_ms", nanos / 1e6));
        f.put("jit_compiling_ms", jitMillis - before.jitMillis);
        f.put("gc_ms", gcMillis - before.gcMillis);
        return f;
    }

    /** Threads ThreadMXBean does not list (garbage collection, compilation) and threads that ended meanwhile. */
    private static final String OTHER = "gc_jit_and_ended_threads";

    private static final List<String> GROUP_ORDER =
            List.of("broker", "planner", "executor", "client", "harness", "jvm", OTHER);

    /** The harness client's producer: {@code kafka-producer-network-thread | bench-<run id>}. */
    private static final Pattern CLIENT_PRODUCER =
            Pattern.compile("kafka-producer-network-thread \\| bench-[A-Za-z0-9]+");

    private static final Set<String> JVM_THREADS = Set.of(
            "C1 CompilerThread0",
            "C2 CompilerThread0",
            "VM Thread",
            "VM Periodic Task Thread",
            "Sweeper thread",
            "Service Thread",
            "Monitor Deflation Thread",
            "Signal Dispatcher",
            "Finalizer",
            "Reference Handler",
            "Notification Thread",
            "Common-Cleaner");

    /** The group of a thread, by its name (the names Kafka's clients, Kafka Streams and planexec give them). */
    static String group(String name) {
        if (name == null) {
            return OTHER;
        }
        if (JVM_THREADS.contains(name) || name.contains("CompilerThread")) {
            return "jvm";
        }
        if (name.contains("-planner") || name.contains("StreamThread") || name.contains("StateUpdater")) {
            return "planner";
        }
        if (name.startsWith("planexec-client") || CLIENT_PRODUCER.matcher(name).matches()) {
            return "client";
        }
        if (name.startsWith("planexec-tool-") || name.startsWith("planexec-executor") || name.contains("-executor-")) {
            return "executor";
        }
        if (name.startsWith("bench-") || name.startsWith("inprocess-") || name.startsWith("serial-")) {
            return "harness";
        }
        return "broker";
    }
}
