/**
 * The import-side functions, one artifact with one handler per template function: an upload to
 * {@code incoming/} starts an import, a chunks-queue message imports one chunk of a large file,
 * {@code undo/<importId>.json} undoes an import, {@code privacy/erase/<code>.json} erases a person,
 * config objects or the daily schedule start a re-evaluation run, and a scheduled sweep re-drives
 * imports nobody is finishing. Each handler is an adapter that turns its event into a call of a
 * service in {@code dev.custcode.ingest} or {@code dev.custcode.evaluate}; infrastructure
 * failures are left to Lambda's retries or SQS's redelivery.
 * Entry points: {@link CsvUploadedHandler} (an upload to an import), {@link ChunkQueuedHandler} (one
 * chunk, or a sweep's re-drive), {@link SweepHandler} (unfinished imports re-driven or failed),
 * {@link ReevaluationRequestedHandler} (re-evaluation runs and draft previews).
 */
package dev.custcode.functions.ingest;
