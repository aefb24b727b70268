package io.planexec.bench.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's CPU time from {@code /proc/stat} (Linux): busy ticks of all cores since boot. */
final class MachineCpu {

    private MachineCpu() {}

    /** user + nice + system + irq + softirq + steal ticks of every core; 0 where /proc/stat cannot be read. */
    static long busyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal
            return Long.parseLong(f[1])
                    + Long.parseLong(f[2])
                    + Long.parseLong(f[3])
                    + Long.parseLong(f[6])
                    + Long.parseLong(f[7])
                    + Long.parseLong(f[8]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Clock ticks per second (USER_HZ): 100 on Linux. */
    static double ticksPerSecond() {
        return 100.0;
    }
}
