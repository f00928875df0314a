package dev.custcode.ingest;

import dev.custcode.store.ObjectStore;
import java.util.ArrayList;
import java.util.List;

/** A run's row files (rejected, conflicts, warnings, probable duplicates), written as it goes and published together. */
final class RowFiles {
    final RowFileSink rejected;
    final RowFileSink conflicts;
    final RowFileSink warnings;
    final RowFileSink duplicates;

    RowFiles(ObjectStore objects, String importId) {
        this(objects, file -> "imports/" + importId + "/" + file);
    }

    /** @param keyOf where a file ({@code rejected.csv} …) goes */
    RowFiles(ObjectStore objects, java.util.function.UnaryOperator<String> keyOf) {
        rejected = new RowFileSink(objects, keyOf.apply("rejected.csv"), "line", "reason", "content");
        conflicts = new RowFileSink(objects, keyOf.apply("conflicts.csv"), "line", "reason", "codes", "keys", "content");
        warnings = new RowFileSink(objects, keyOf.apply("warnings.csv"), "line", "field", "value", "action");
        duplicates = new RowFileSink(objects, keyOf.apply("duplicates.csv"), "line", "code", "name", "candidate", "candidateName",
                "score", "reasons");
    }

    void close() {
        rejected.close();
        conflicts.close();
        warnings.close();
        duplicates.close();
    }

    void abort() {
        rejected.abort();
        conflicts.abort();
        warnings.abort();
        duplicates.abort();
    }

    /** The names of the files that hold rows. */
    List<String> withRows() {
        List<String> out = new ArrayList<>();
        if (rejected.count() > 0) {
            out.add("rejected.csv");
        }
        if (conflicts.count() > 0) {
            out.add("conflicts.csv");
        }
        if (warnings.count() > 0) {
            out.add("warnings.csv");
        }
        if (duplicates.count() > 0) {
            out.add("duplicates.csv");
        }
        return out;
    }
}
