package io.planexec.bench.harness.scenario;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Counts and totals of the executor's timers and summaries at one moment (summed over their tags), so
 * that a scenario can report their means over its own run: what the executor's transactions, passes and queue waits
 * cost while it ran.
 */
public final class MeterSnapshot {

    /** The meters reported, with the figure name of their mean. */
    private static final Map<String, String> METERS = meters();

    private final Map<String, double[]> countAndTotal;

    private MeterSnapshot(Map<String, double[]> countAndTotal) {
        this.countAndTotal = countAndTotal;
    }

    private static Map<String, String> meters() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("planexec.executor.pass", "executor_pass_ms_mean");
        m.put("planexec.executor.queue.wait", "executor_queue_wait_ms_mean");
        m.put("planexec.executor.transaction.duration", "executor_transaction_ms_mean");
        m.put("planexec.executor.transaction.records", "executor_records_per_transaction_mean");
        return m;
    }

    /** The meters now; an empty snapshot when there is no registry. */
    public static MeterSnapshot take(MeterRegistry registry) {
        Map<String, double[]> values = new LinkedHashMap<>();
        if (registry != null) {
            for (String name : METERS.keySet()) {
                double count = 0;
                double total = 0;
                for (Timer t : registry.find(name).timers()) {
                    count += t.count();
                    total += t.totalTime(TimeUnit.MILLISECONDS);
                }
                for (DistributionSummary s : registry.find(name).summaries()) {
                    count += s.count();
                    total += s.totalAmount();
                }
                values.put(name, new double[] {count, total});
            }
        }
        return new MeterSnapshot(values);
    }

    /** The means since {@code before}, and the number of executor transactions. */
    public Figures since(MeterSnapshot before) {
        Figures f = new Figures();
        for (Map.Entry<String, String> m : METERS.entrySet()) {
            double[] now = countAndTotal.get(m.getKey());
            double[] then = before.countAndTotal.get(m.getKey());
            if (now == null || then == null) {
                continue;
            }
            double count = now[0] - then[0];
            f.put(m.getValue(), count == 0 ? Double.NaN : (now[1] - then[1]) / count);
            if (m.getKey().equals("planexec.executor.transaction.duration")) {
                f.put("executor_transactions", (long) count);
            }
        }
        return f;
    }
}
