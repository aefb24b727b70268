package io.planexec.bench.harness;

import io.planexec.bench.harness.scenario.Figures;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine and JVM a run is on, and its load. */
public final class Machine {

    private Machine() {}

    /** Cores, memory, CPU model, OS, JDK, this JVM's options and heap limit, and the load average now. */
    public static Figures describe() {
        Figures f = new Figures();
        f.put("cores", (long) Runtime.getRuntime().availableProcessors());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            f.put("memory_gib", os.getTotalMemorySize() / (1024.0 * 1024 * 1024));
        }
        f.put("cpu", cpuModel());
        f.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        f.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        f.put(
                "jvm_options",
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        f.put("max_heap_mib", Runtime.getRuntime().maxMemory() / (1024.0 * 1024));
        double[] load = loadAverages();
        f.put("load_average_1m", load[0]);
        f.put("load_average_5m", load[1]);
        f.put("load_average_15m", load[2]);
        return f;
    }

    /** The 1-, 5- and 15-minute load averages ({@code NaN} where unknown). */
    public static double[] loadAverages() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return new double[] {
                Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2])
            };
        } catch (IOException | RuntimeException e) {
            double one = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return new double[] {one < 0 ? Double.NaN : one, Double.NaN, Double.NaN};
        }
    }

    private static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String line : lines) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture must do
        }
        return System.getProperty("os.arch");
    }
}
