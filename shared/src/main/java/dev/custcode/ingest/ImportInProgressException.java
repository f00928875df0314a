package dev.custcode.ingest;

/**
 * Another invocation is running this import right now (a duplicate S3 delivery). Thrown so that
 * Lambda retries this one later, when the other has finished and the retry finds it done.
 */
public final class ImportInProgressException extends RuntimeException {
    public ImportInProgressException(String importId, String leaseUntil) {
        super("import " + importId + " is being processed by another invocation (lease until " + leaseUntil + ")");
    }
}
