/**
 * What the local runtime loads into a function's own JVM beside the function's code: the host that
 * creates the handler once and serves its invocations on a loopback port, and the SDK interceptor
 * that enforces the function's IAM policy on its AWS calls. None of the local runtime's libraries
 * are on that classpath, so these classes use only the JDK, the Lambda Java runtime libraries and
 * the SDK's core classes.
 * Entry points: {@link FunctionHost} (the {@code READY <port>} and {@code POST /invoke} protocol),
 * {@link PolicyGuard} (403 AccessDenied for a call no statement of the policy allows).
 */
package dev.custcode.local.host;
