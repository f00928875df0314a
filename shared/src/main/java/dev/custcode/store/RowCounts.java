package dev.custcode.store;

/**
 * Rows accepted and rejected so far by a run still reading (its heartbeats carry them), or by the
 * finished chunks of an import cut into chunks: what {@code GET /imports/{id}} shows while the
 * import runs, before its report gives the final counts.
 */
public record RowCounts(long accepted, long rejected) {
    public static final RowCounts NONE = new RowCounts(0, 0);

    public RowCounts plus(RowCounts other) {
        return new RowCounts(accepted + other.accepted, rejected + other.rejected);
    }
}
