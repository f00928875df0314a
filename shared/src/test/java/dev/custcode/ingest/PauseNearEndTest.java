package dev.custcode.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * When a chunk pauses: from the slowest rate per row so far, before the batch read and the next
 * would run past the invocation's end (less the reserve of 4 s). Each decision below is asked with
 * 200 rows read and 200 next, after the first (50 rows read, none applied yet).
 */
class PauseNearEndTest {
    private static final Instant START = Instant.parse("2026-12-07T00:00:00Z");

    /**
     * Asks an invocation of {@code seconds} a decision per step: {@code {milliseconds since the last,
     * rows applied since, 1 if it pauses}}.
     */
    private static void assertDecisions(int seconds, long[]... steps) {
        IngestFanOutTest.MovingClock clock = new IngestFanOutTest.MovingClock();
        clock.now = START;
        IngestService.PauseNearEnd pause = new IngestService.PauseNearEnd(clock, START.plusSeconds(seconds));
        for (int i = 0; i < steps.length; i++) {
            long[] step = steps[i];
            clock.now = clock.now.plus(Duration.ofMillis(step[0]));
            boolean paused = pause.before((int) step[1], step[1] == 0 ? 50 : 200, 200);
            assertThat(paused).as("decision %d at %s", i, Duration.between(START, clock.now)).isEqualTo(step[2] == 1);
        }
    }

    @Test
    void theFirstBatchAlwaysGoesOnAndTheRateItTookDecidesTheNext() {
        // 3 s to set up and read 50 rows: no rate yet. 50 rows then take 5 s (0.1 s a row): 400 rows need 40 s more.
        assertDecisions(30, new long[] {3_000, 0, 0}, new long[] {5_000, 50, 1});
    }

    @Test
    void aFastRateGoesOnUntilTwoBatchesAndTheReserveNoLongerFit() {
        // 10 ms a row: 0.5 s + 4 s + 4 s, then 2.5 s + 4 s + 4 s go on; a batch at 100 ms a row: 22.5 s + 4 s + 40 s pauses.
        assertDecisions(30, new long[] {0, 0, 0}, new long[] {500, 50, 0}, new long[] {2_000, 200, 0}, new long[] {20_000, 200, 1});
    }

    @Test
    void theSlowestRateCountsEvenAfterFasterBatches() {
        // 100 ms a row first (a cold start), then 10 ms: the estimate stays 40 s for 400 rows, until 17 s + 4 s + 40 s > 60 s.
        assertDecisions(60, new long[] {0, 0, 0}, new long[] {5_000, 50, 0}, new long[] {2_000, 200, 0}, new long[] {2_000, 200, 0},
                new long[] {8_000, 200, 1});
    }
}
