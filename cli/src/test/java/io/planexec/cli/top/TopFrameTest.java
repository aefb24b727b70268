package io.planexec.cli.top;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One screen of {@code planexec top} from two scrapes ten seconds apart. */
class TopFrameTest {

    private static final String BEFORE = """
            planexec_planner_plans_finished_total{status="SUCCEEDED"} 100
            planexec_planner_plans_finished_total{status="FAILED"} 5
            planexec_planner_plans_accepted_total 110
            planexec_planner_plans_active 3
            planexec_planner_ready{instance="p-1"} 1
            planexec_planner_plan_duration_seconds_bucket{status="SUCCEEDED",le="0.1"} 50
            planexec_planner_plan_duration_seconds_bucket{status="SUCCEEDED",le="1.0"} 100
            planexec_planner_plan_duration_seconds_bucket{status="SUCCEEDED",le="+Inf"} 100
            planexec_planner_steps_released_total{latency_class="FAST",queue="fast"} 400
            planexec_executor_lag{queue="fast"} 0
            planexec_executor_tasks_buffered{queue="fast"} 0
            planexec_executor_tasks_running{queue="fast"} 0
            planexec_executor_results_total{queue="fast",status="SUCCEEDED"} 400
            planexec_executor_tasks_in_flight 0
            planexec_executor_tasks_in_flight_limit 256
            planexec_executor_call_duration_seconds_count{tool="get_news",status="SUCCEEDED"} 200
            planexec_executor_call_duration_seconds_count{tool="write_file",status="SUCCEEDED"} 10
            planexec_executor_call_duration_seconds_count{tool="write_file",status="FAILED"} 0
            planexec_executor_calls_in_flight{tool="get_news"} 0
            planexec_executor_tool_cap{tool="get_news"} 16
            """;

    private static final String AFTER = """
            planexec_planner_plans_finished_total{status="SUCCEEDED"} 200
            planexec_planner_plans_finished_total{status="FAILED"} 15
            planexec_planner_plans_accepted_total 230
            planexec_planner_plans_active 12
            planexec_planner_ready{instance="p-1"} 1
            planexec_planner_plan_duration_seconds_bucket{status="SUCCEEDED",le="0.1"} 50
            planexec_planner_plan_duration_seconds_bucket{status="SUCCEEDED",le="1.0"} 200
            planexec_planner_plan_duration_seconds_bucket{status="SUCCEEDED",le="+Inf"} 200
            planexec_planner_steps_released_total{latency_class="FAST",queue="fast"} 900
            planexec_planner_steps_released_total{latency_class="SLOW",queue="slow"} 20
            planexec_executor_lag{queue="fast"} 7
            planexec_executor_tasks_buffered{queue="fast"} 3
            planexec_executor_tasks_running{queue="fast"} 9
            planexec_executor_results_total{queue="fast",status="SUCCEEDED"} 880
            planexec_executor_tasks_in_flight 9
            planexec_executor_tasks_in_flight_limit 256
            planexec_executor_call_duration_seconds_count{tool="get_news",status="SUCCEEDED"} 600
            planexec_executor_call_duration_seconds_count{tool="write_file",status="SUCCEEDED"} 30
            planexec_executor_call_duration_seconds_count{tool="write_file",status="FAILED"} 5
            planexec_executor_calls_in_flight{tool="get_news"} 9
            planexec_executor_tool_cap{tool="get_news"} 16
            """;

    @Test
    void shouldShowRatesQuantilesQueuesAndTheBusiestToolsFirst() {
        TopFrame frame = new TopFrame(scrape(0, BEFORE), scrape(10, AFTER));

        List<String> lines = frame.lines("127.0.0.1:9400", LocalTime.of(12, 0, 5));

        assertThat(lines.get(0)).contains("127.0.0.1:9400", "window 10 s", "12:00:05");
        assertThat(lines)
                .anySatisfy(l -> assertThat(l)
                        .startsWith("plans")
                        .contains("11.0/s finished", "FAILED 1.0", "SUCCEEDED 10.0", "accepted 12.0/s", "active 12"))
                // the 100 plans of the window all took between 0.1 and 1 s: p50 interpolates to 0.55 s
                .anySatisfy(l -> assertThat(l).startsWith("latency").contains("p50 550 ms", "p99 991 ms"))
                .anySatisfy(l -> assertThat(l).startsWith("planners").contains("1 ready of 1"))
                .anySatisfy(
                        l -> assertThat(l.split("\\s+")).containsExactly("fast", "50.0", "7", "3", "9", "48.0", "-"))
                // a queue steps go to and no executor reports is flagged
                .anySatisfy(l -> assertThat(l).startsWith("slow").contains("2.0", "no exec"))
                .anySatisfy(l -> assertThat(l).contains("tasks in flight 9 of 256"));
        int news = indexOf(lines, "get_news");
        int files = indexOf(lines, "write_file");
        assertThat(news).as("busiest tool first").isLessThan(files);
        assertThat(lines.get(news).split("\\s+")).containsExactly("get_news", "40.0", "9", "16", "-", "0");
        assertThat(lines.get(files).split("\\s+")).containsExactly("write_file", "2.5", "0", "-", "-", "0.5");
    }

    @Test
    void shouldSayWhatItHasNotSeenYet() {
        List<String> lines = new TopFrame(scrape(0, ""), scrape(1, "")).lines("x", LocalTime.NOON);

        assertThat(lines).contains("(no queue seen yet)", "(no tool seen yet)");
    }

    @Test
    void shouldCountAfterARestartFromZero() {
        // the counter went down: the process restarted and counted 30 since
        TopFrame frame = new TopFrame(
                scrape(0, "planexec_planner_plans_accepted_total 500\n"),
                scrape(10, "planexec_planner_plans_accepted_total 30\n"));

        assertThat(frame.lines("x", LocalTime.NOON))
                .anySatisfy(l -> assertThat(l).contains("accepted 3.0/s"));
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starts with " + prefix + ": " + lines);
    }

    private static Scrape scrape(long seconds, String text) {
        return new Scrape(seconds * 1_000_000_000L, Exposition.parse(text));
    }
}
