package dev.custcode.logging;

import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The log context (slf4j's MDC: the invocation's request id, function and cold-start flag that
 * Powertools sets, the import, chunk or run id the services set) carried from the thread that
 * hands work out to the pool thread that does it, so a worker's lines name the same invocation
 * and import as its caller's.
 */
public final class LogContext {
    private LogContext() {
    }

    /** {@code work}, to run on another thread with the calling thread's log context (restored after). */
    public static <T> Supplier<T> carried(Supplier<T> work) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> before = MDC.getCopyOfContextMap();
            set(context);
            try {
                return work.get();
            } finally {
                set(before);
            }
        };
    }

    private static void set(Map<String, String> context) {
        if (context == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(context);
        }
    }
}
