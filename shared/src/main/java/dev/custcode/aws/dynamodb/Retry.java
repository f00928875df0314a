package dev.custcode.aws.dynamodb;

import java.util.concurrent.ThreadLocalRandom;

/** Backoff between attempts at unprocessed items: exponential with full jitter, capped. */
final class Retry {
    static final int MAX_ATTEMPTS = 12;

    private Retry() {
    }

    /** Sleeps before attempt {@code attempt} (1-based: attempt 1 does not wait). */
    static void backoff(int attempt) {
        if (attempt <= 1) {
            return;
        }
        long cap = Math.min(2_000, 25L << Math.min(attempt - 2, 10));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
