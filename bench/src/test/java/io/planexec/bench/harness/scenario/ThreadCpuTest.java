package io.planexec.bench.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void shouldGroupThreadsByWhatTheyAre() {
        assertThat(ThreadCpu.group("bench-b1a2-planner-72c3fa48-StreamThread-1"))
                .isEqualTo("planner");
        assertThat(ThreadCpu.group("kafka-producer-network-thread | bench-b1a2-planner-72c3-StreamThread-1-producer"))
                .isEqualTo("planner");
        assertThat(ThreadCpu.group("planexec-executor-fast-commit")).isEqualTo("executor");
        assertThat(ThreadCpu.group("planexec-tool-3")).isEqualTo("executor");
        assertThat(ThreadCpu.group("kafka-producer-network-thread | bench-b1a2-executor-standalone-fast-producer"))
                .isEqualTo("executor");
        assertThat(ThreadCpu.group("planexec-client-replies-bench-b1a2")).isEqualTo("client");
        assertThat(ThreadCpu.group("kafka-producer-network-thread | bench-b1a2"))
                .isEqualTo("client");
        assertThat(ThreadCpu.group("bench-loop-planexec")).isEqualTo("harness");
        assertThat(ThreadCpu.group("data-plane-kafka-request-handler-3")).isEqualTo("broker");
        assertThat(ThreadCpu.group("C2 CompilerThread0")).isEqualTo("jvm");
    }

    @Test
    void shouldAccountForTheCpuUsedSinceASnapshot() {
        ThreadCpu before = ThreadCpu.take();
        long spin = 0;
        for (int i = 0; i < 5_000_000; i++) {
            spin += i % 7;
        }

        Figures used = ThreadCpu.take().since(before);

        assertThat(spin).isPositive();
        assertThat(used.number("process_cpu_ms")).isPositive();
        // the spin's CPU lands in this thread's group (an unnamed thread such as main counts as the broker's)
        assertThat(used.number(ThreadCpu.group(Thread.currentThread().getName()) + "_ms"))
                .isPositive();
        assertThat(used.has("gc_jit_and_ended_threads_ms")).isTrue();
        assertThat(used.number("jit_compiling_ms")).isGreaterThanOrEqualTo(0);
        assertThat(used.number("gc_ms")).isGreaterThanOrEqualTo(0);
        // and the compiler's time is really read: this JVM has compiled code by now
        assertThat(ThreadCpu.jitMillis()).isPositive();
    }
}
