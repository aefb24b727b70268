package io.planexec.bench.scale;

import io.planexec.bench.harness.tools.BenchTools;
import io.planexec.executor.ExecutorMain;

/** An executor process of a scale-out run: {@link ExecutorMain} with the {@link BenchTools}; its arguments. */
public final class ScaleExecutor {

    private ScaleExecutor() {}

    public static void main(String[] args) {
        System.exit(ExecutorMain.run(args, System.getenv(), new BenchTools().tools()));
    }
}
