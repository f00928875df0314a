/**
 * Log context that follows work across threads: the MDC keys of an invocation (request id,
 * function, cold start) and of a service (import, chunk or run id), carried from the thread that
 * hands work out to the pool thread that does it, so a worker's lines name the same invocation and
 * import as its caller's.
 * Entry points: {@link LogContext}.
 */
package dev.custcode.logging;
