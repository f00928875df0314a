package dev.custcode.testing;

import dev.custcode.aws.InvocationContext;
import java.time.Clock;
import java.time.Instant;

/**
 * Invocation contexts for tests ({@link InvocationContext}, as the local runtime hands them to
 * handlers): a function's name and the time its invocation has left, on the system clock or on a
 * test's own (so that a test can give an invocation minutes or none).
 */
public final class TestContext {
    private TestContext() {
    }

    /** An invocation of {@code function} with {@code seconds} left on the system clock. */
    public static InvocationContext of(String function, int seconds) {
        Clock clock = Clock.systemUTC();
        return of(function, "req-" + Long.toHexString(System.nanoTime()), clock, clock.instant().plusSeconds(seconds));
    }

    /** An invocation of {@code function} that ends at {@code deadline} on {@code clock}. */
    public static InvocationContext of(String function, String requestId, Clock clock, Instant deadline) {
        return new InvocationContext(function, requestId, "2026/12/01/[$LATEST]test", 1024, clock, deadline, System.out);
    }
}
