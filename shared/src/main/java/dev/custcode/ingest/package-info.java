/**
 * Imports of uploaded customer files: each row validated, matched to its customer through any of
 * its identity keys, merged field by field by upload stamps, classified and given a code, in
 * batches written conditionally so that retries and racing imports never duplicate a customer or a
 * code. A large file is imported in chunks by separate invocations, and a sweep re-drives imports
 * nobody is finishing. Undo reverts an import from the history; erasure removes a person's data and
 * keeps only a tombstone.
 * Entry points: {@link IngestService} (an import, or one chunk of it), {@link BatchReader} (one run's
 * rows, batch by batch, each row's outcome to its file), {@link BatchApplier} (match, merge and
 * create for one batch), {@link UndoService} (undo an import), {@link ImportReport} (what
 * {@code imports/<importId>/report.json} says).
 */
package dev.custcode.ingest;
