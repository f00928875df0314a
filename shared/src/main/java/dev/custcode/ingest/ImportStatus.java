package dev.custcode.ingest;

/** Where an import stands. */
public enum ImportStatus {
    /** Being processed. */
    RUNNING,
    /** Every row was accepted. */
    COMPLETED,
    /** Some rows were accepted; others are in {@code rejected.csv}, or the rest of the file was unreadable. */
    PARTIAL,
    /** Nothing was accepted: the file is unusable (empty, binary, no header …) or every row was rejected. */
    FAILED,
    /** The object was overwritten or deleted before it could be read; the newer upload is its own import. */
    SUPERSEDED;

    public boolean finished() {
        return this != RUNNING;
    }
}
