package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which of the template's schedules the local stack also fires when it starts. */
class ScheduleStartTest {
    @Test
    void frequentSchedulesFireAtStartAndDailyOnesWaitForTheirPeriod() {
        assertThat(LocalRuntime.initialDelay(Duration.ofMinutes(10))).as("the sweep: at once").isZero();
        assertThat(LocalRuntime.initialDelay(Duration.ofHours(23))).isZero();
        assertThat(LocalRuntime.initialDelay(Duration.ofDays(1))).as("the daily re-evaluation").isEqualTo(Duration.ofDays(1).toMillis());
        var daily = FunctionDefinition.ScheduleTrigger.parse("Reevaluation", "rate(1 day)");
        assertThat(LocalRuntime.initialDelay(daily.period())).isEqualTo(Duration.ofDays(1).toMillis());
    }
}
