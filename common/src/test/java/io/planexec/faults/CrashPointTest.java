package io.planexec.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Arming a crash point: by name, on its N-th pass, and a clear error for a name that does not exist. */
class CrashPointTest {

    @Test
    void shouldArmNothingWithoutTheProperty() {
        assertThat(CrashPoint.Armed.fromProperty(null)).isNull();
        assertThat(CrashPoint.Armed.fromProperty(" ")).isNull();
    }

    @Test
    void shouldHaltOnTheNthPassOnly() {
        CrashPoint.Armed armed = CrashPoint.Armed.fromProperty("executor.call-returned:3");

        assertThat(armed.point).isEqualTo(CrashPoint.EXECUTOR_CALL_RETURNED);
        assertThat(armed.reached()).isFalse();
        assertThat(armed.reached()).isFalse();
        assertThat(armed.reached()).isTrue();
        assertThat(armed.reached()).isFalse();
    }

    @Test
    void shouldRefuseAnUnknownPointNamingTheKnownOnes() {
        assertThatThrownBy(() -> CrashPoint.Armed.fromProperty("executor.before-cal"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown crash point 'executor.before-cal'")
                .hasMessageContaining("executor.before-call");
        assertThatThrownBy(() -> CrashPoint.Armed.fromProperty("executor.before-call:0"))
                .hasMessageContaining("at least 1");
    }
}
