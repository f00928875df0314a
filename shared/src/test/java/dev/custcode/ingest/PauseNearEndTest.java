package dev.custcode.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** When a chunk pauses: from the slowest rate per row so far, before a batch would run past the invocation's end. */
class PauseNearEndTest {
    private static final Instant START = Instant.parse("2026-12-07T00:00:00Z");

    /** A clock the test moves. */
    private static final class Hand extends Clock {
        private Instant now = START;

        void move(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void theFirstBatchAlwaysGoesOnAndTheRateItTookDecidesTheNext() {
        Hand clock = new Hand();
        IngestService.PauseNearEnd pause = new IngestService.PauseNearEnd(clock, START.plusSeconds(30));
        clock.move(Duration.ofSeconds(3)); // setting up and reading the first 50 rows
        assertThat(pause.before(0, 50, 200)).as("nothing applied yet: no rate to judge by").isFalse();
        // 50 rows took 5 s: 0.1 s a row. At 8 s, 200 rows held and 200 next need 40 s more: past 30 s.
        clock.move(Duration.ofSeconds(5));
        assertThat(pause.before(50, 200, 200)).isTrue();
    }

    @Test
    void aFastRateGoesOnUntilTwoBatchesAndTheReserveNoLongerFit() {
        Hand clock = new Hand();
        IngestService.PauseNearEnd pause = new IngestService.PauseNearEnd(clock, START.plusSeconds(30));
        assertThat(pause.before(0, 50, 200)).isFalse();
        clock.move(Duration.ofMillis(500)); // 10 ms a row
        assertThat(pause.before(50, 200, 200)).as("0.5 s + 4 s reserve + 4 s of rows < 30 s").isFalse();
        clock.move(Duration.ofSeconds(2)); // 200 rows at 10 ms
        assertThat(pause.before(200, 200, 200)).isFalse();
        clock.move(Duration.ofSeconds(20)); // a slow batch: 100 ms a row is now the rate
        assertThat(pause.before(200, 200, 200)).as("22.5 s + 4 s + 40 s").isTrue();
    }

    @Test
    void theSlowestRateCountsEvenAfterFasterBatches() {
        Hand clock = new Hand();
        IngestService.PauseNearEnd pause = new IngestService.PauseNearEnd(clock, START.plusSeconds(60));
        assertThat(pause.before(0, 50, 200)).isFalse();
        clock.move(Duration.ofSeconds(5)); // 100 ms a row (a cold start)
        assertThat(pause.before(50, 200, 200)).as("5 s + 4 s + 40 s < 60 s").isFalse();
        clock.move(Duration.ofSeconds(2)); // 10 ms a row
        assertThat(pause.before(200, 200, 200)).as("7 s + 4 s + 40 s at the slowest rate < 60 s").isFalse();
        clock.move(Duration.ofSeconds(2));
        assertThat(pause.before(200, 200, 200)).as("9 s + 4 s + 40 s < 60 s").isFalse();
        clock.move(Duration.ofSeconds(8));
        assertThat(pause.before(200, 200, 200)).as("17 s + 4 s + 40 s > 60 s").isTrue();
    }
}
