/**
 * What every function shares at the edge of AWS: SDK clients built from the standard settings, the
 * template's environment variables validated at init, the wiring of the domain services to their
 * AWS adapters, Powertools logging and embedded-metric-format metrics, SnapStart priming, and the
 * deadline at which a long invocation hands its work over. The adapters themselves are in
 * {@code dev.custcode.aws.dynamodb}, {@code dev.custcode.aws.s3} and {@code dev.custcode.aws.sqs}.
 * Entry points: {@link Services} (every handler's wiring, from {@link Services#fromEnvironment}),
 * {@link FunctionEnvironment} (the template's variables), {@link AwsClients} (S3, DynamoDB and SQS
 * clients), {@link FunctionLogging} (each invocation's log context and metrics line).
 */
package dev.custcode.aws;
