package dev.custcode.aws;

import java.time.Instant;

/** When a function that can hand its work over should stop and do so. */
public final class Deadlines {
    private Deadlines() {
    }

    /**
     * A quarter of the remaining time (at least 5 s, at most 60 s) is kept for saving the state,
     * the writes in flight and the hand-over.
     *
     * @param remainingMillis what Lambda's context says is left of the invocation
     */
    public static Instant fromRemaining(long remainingMillis) {
        long margin = Math.min(60_000, Math.max(5_000, remainingMillis / 4));
        return Instant.now().plusMillis(Math.max(0, remainingMillis - margin));
    }
}
