/**
 * The ports the domain works through, with no AWS type in them: customers and their identity keys,
 * imports and their leases, history, the folder registry, the data bucket, and the queues of chunks
 * and export steps. Every identity key belongs to at most one customer: a write that would give a
 * key to a second customer, or one made from a stale read, fails, and the caller re-reads and
 * decides again. The adapters are in {@code dev.custcode.aws.dynamodb}, {@code dev.custcode.aws.s3}
 * and {@code dev.custcode.aws.sqs}.
 * Entry points: {@link CustomerStore} (customers and their keys), {@link ImportStore} (import
 * bookkeeping), {@link ObjectStore} (the data bucket), {@link CustomerWrite} (one atomic change).
 */
package dev.custcode.store;
