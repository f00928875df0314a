/**
 * The DynamoDB adapters of the store and numbering ports: customers with one claim item per
 * identity key in the same table, so that a conditional put decides who owns a key; code counters,
 * in blocks or gapless; imports with their leases and reserved blocks; history; the folder
 * registry. Writes go in transactions of up to 100 items or batches of 25, what DynamoDB did not
 * process is resubmitted with backoff, and independent requests run side by side.
 * Entry points: {@link DynamoCustomerStore} (customers, key claims, the by-folder index),
 * {@link DynamoImportStore} (imports, leases, code blocks per batch), {@link DynamoCodeAllocator}
 * (code blocks from one counter per prefix), {@link DynamoGaplessNumbering} (codes and customers in
 * one transaction).
 */
package dev.custcode.aws.dynamodb;
