package dev.custcode.ingest;

import java.time.Instant;

/**
 * A chunk (or the finish of its import) is held by another invocation: the message is handed back
 * to the queue and comes again after its visibility timeout, when the other has finished or died.
 */
public final class ChunkBusyException extends RuntimeException {
    public ChunkBusyException(String importId, int chunk, Instant leaseUntil) {
        super("chunk " + chunk + " of import " + importId + " is held by another invocation"
                + (leaseUntil == null ? " (finishing the import)" : " until " + leaseUntil));
    }
}
