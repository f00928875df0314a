package dev.custcode.csv;

/**
 * The file as a whole cannot be read as a customer list (empty, binary, no header …). This is a
 * property of the input, not a transient failure: retrying cannot help, so ingest reports it
 * as a FAILED import rather than letting Lambda retry.
 */
public final class InputFormatException extends Exception {
    /** Why the file cannot be read; also the {@code reason} code in the import report. */
    public enum Kind {
        EMPTY_FILE, BINARY_FILE, NO_HEADER, MISSING_COLUMN, TOO_MANY_COLUMNS, UNREADABLE
    }

    private final Kind kind;

    public InputFormatException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
