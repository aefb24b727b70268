package io.planexec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code planexec cluster} refuses shapes it cannot start before starting anything. */
class ClusterCommandTest {

    @Test
    void shouldRefuseAQuorumOfTwoControllersSayingWhichWork() {
        Result r = run("cluster", "--controllers", "2");

        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--controllers must be 1, 3 or 5 (a KRaft quorum), got 2");
    }

    @Test
    void shouldRefuseTooManyBrokersOrServices() {
        assertThat(run("cluster", "--brokers", "0").err()).contains("--brokers must be between 1 and 9, got 0");
        assertThat(run("cluster", "--executors", "12").err())
                .contains("--planners and --executors must be between 0 and 9, got 2 and 12");
    }

    private record Result(int code, String err) {}

    private static Result run(String... args) {
        StringWriter err = new StringWriter();
        int code = PlanexecCli.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(err));
        return new Result(code, err.toString());
    }
}
