package io.planexec.bench.harness.scenario;

import io.planexec.bench.harness.tools.BenchTools;
import java.io.PrintWriter;

/**
 * What a scenario runs with.
 *
 * @param scale the sizes
 * @param runId unique to this run: prefixes plan ids and ledger keys
 * @param progress where to say what is running (one line per step of a scenario)
 * @param engines planexec and the baselines; {@code null} when no scenario needs them
 * @param system the planexec under test; {@code null} when no scenario needs it
 * @param tools the harness's tools (and their ledger)
 * @param devLauncher how to start {@code planexec dev} as a child process; {@code null} when not available
 * @param bootstrap the cluster given with {@code --bootstrap}, or {@code null} for the embedded broker
 */
public record ScenarioContext(
        Scale scale,
        String runId,
        PrintWriter progress,
        Engines engines,
        SystemUnderTest system,
        BenchTools tools,
        DevLauncher devLauncher,
        String bootstrap) {

    /** A plan id unique to this run, e.g. {@code r1a2-i3-serial-17}. */
    public String planId(String scenario, String engine, int i) {
        return runId + "-" + scenario + "-" + engine + "-" + i;
    }

    /** Prints a progress line. */
    public void say(String format, Object... args) {
        progress.printf(java.util.Locale.ROOT, format + "%n", args);
        progress.flush();
    }
}
