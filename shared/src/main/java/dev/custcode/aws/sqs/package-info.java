/**
 * The SQS adapters of the two queues that carry work from one invocation to the next: the chunks of
 * a large import and the next steps of a long export. A message SQS refuses is an error, so the
 * invocation fails and is retried instead of losing the work.
 * Entry points: {@link SqsChunkQueue} ({@link dev.custcode.store.ChunkQueue}, messages sent ten at a
 * time), {@link SqsExportQueue} ({@link dev.custcode.store.ExportQueue}).
 */
package dev.custcode.aws.sqs;
