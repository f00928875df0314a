/**
 * The whole stack of {@code template.yaml} in one process without Docker, for
 * {@code ./custcode-local} and the integration tests: S3Proxy, DynamoDB Local and ElasticMQ on
 * 127.0.0.1, the template's tables and queues, and every function in its own JVM with the
 * template's environment, timeout and policy. S3 events, SQS event source mappings, schedules,
 * asynchronous retries with on-failure destinations and the HttpApi routes are run as Lambda and
 * API Gateway run them; accepted events and queued messages are kept on disk, so the next start
 * delivers what a crash or Ctrl-C left.
 * Entry points: {@link Main} ({@code custcode-local} and its options), {@link LocalRuntime} (starts
 * and stops the stack, on free ports for tests), {@link SamTemplate} (the template read as
 * CloudFormation and SAM read it), {@link FunctionProcess} (one function's JVM and its timeout).
 */
package dev.custcode.local;
