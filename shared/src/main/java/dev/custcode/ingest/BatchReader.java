package dev.custcode.ingest;

import dev.custcode.classify.ValueWarning;
import dev.custcode.csv.CsvRow;
import dev.custcode.csv.CustomerCsvReader;
import dev.custcode.csv.InputFormatException;
import dev.custcode.customer.PersonalData;
import dev.custcode.identity.IdentityKind;
import dev.custcode.scheme.Scheme;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.ObjectStore;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * One run's pass over the rows of a file or of a chunk: reads them in batches, validates each,
 * hands each batch to the {@link BatchApplier}, and writes every row's outcome to the run's
 * {@link RowFiles} (rejected, conflicts, warnings, probable duplicates), in line order, counting
 * it in the run's {@link ImportTally}. What it reads from and where it starts is the caller's
 * ({@link IngestService}: a whole file, or a chunk, or the rest of a chunk after a pause).
 */
final class BatchReader {
    private final CustomerStore customers;
    private final Clock clock;
    private final Scheme scheme;
    private final BatchApplier applier;
    private final RowFiles files;
    private final ImportTally tally;
    /** The file's other columns no stored row of this run has given a value yet: header key → header. */
    private java.util.Map<String, String> unnoted = java.util.Map.of();

    BatchReader(CustomerStore customers, Clock clock, Scheme scheme, BatchApplier applier, RowFiles files, ImportTally tally) {
        this.customers = customers;
        this.clock = clock;
        this.scheme = scheme;
        this.applier = applier;
        this.files = files;
        this.tally = tally;
    }

    /**
     * How reading stopped: at the end ({@code unreadable} null) or where the rest is unreadable,
     * or paused after a whole batch; {@code nextBatch} the number the batch after the last has.
     */
    record End(String unreadable, boolean paused, int nextBatch) {
    }

    /**
     * Whether to pause, asked when a batch has been read and before it is applied (a pause still
     * applies it): {@code applied} rows were applied since it was last asked (none the first time),
     * {@code holding} rows are read and wait to be applied, {@code next} rows make the batch after.
     */
    @FunctionalInterface
    interface Pause {
        /** Never pauses: an import read in one invocation. */
        Pause NEVER = (applied, holding, next) -> false;

        boolean before(int applied, int holding, int next);
    }

    /**
     * Reads every row, or until {@code pause} says so after a whole batch (asked after each, and
     * only once this call applied one, so every call gets on). The first batch holds
     * {@code firstBatchRows}, the others {@code batchRows}: a call that may pause begins small, so
     * that what it takes tells how long the others will before one of them runs past the
     * invocation's end (every run of a part cuts the same batches).
     */
    End readAll(CustomerCsvReader reader, RowValidator validator, int firstBatch, int firstBatchRows, int batchRows, LongConsumer heartbeat,
                Pause pause, LaterLines later) throws IOException {
        List<AcceptedRow> batch = new ArrayList<>(batchRows);
        // A batch's rows rejected on reading wait for the rows rejected when applying it: rejected.csv is in line order.
        List<String[]> rejectedOnReading = new ArrayList<>();
        int batchIndex = firstBatch;
        int rowsInBatch = 0;
        int appliedRows = 0;
        String unreadable = null;
        // The other columns (备注, Postal Code, column 3), each noted for the exports once a row stored gives it a value:
        // a file whose rows are all rejected, or a spreadsheet's empty trailing columns, add no column to them.
        unnoted = new java.util.LinkedHashMap<>(reader.header().otherColumns());
        try {
            while (reader.hasNext()) {
                CsvRow row = reader.next();
                tally.rows++;
                rowsInBatch++;
                RowValidator.Outcome outcome = validator.validate(row);
                if (outcome.accepted() != null) {
                    batch.add(outcome.accepted());
                } else {
                    tally.rejected++;
                    rejectedOnReading.add(new String[]{Long.toString(row.line()), outcome.rejection(), reader.rawLine(row.cells()),
                            reader.maskedRawLine(row.cells(), scheme)});
                }
                // Batches are cut by rows read, not rows accepted, so a redo cuts the same batches.
                if (rowsInBatch == (batchIndex == firstBatch ? firstBatchRows : batchRows)) {
                    // Asked before the batch is applied, so that a pause takes every row held back with it
                    // (nothing waits across invocations).
                    boolean pausing = reader.hasNext() && pause.before(appliedRows, rowsInBatch, batchRows);
                    appliedRows = rowsInBatch;
                    batch.addAll(later.release(reader.lastLine(), pausing));
                    flush(reader, batchIndex++, batch, rejectedOnReading, heartbeat, later);
                    rowsInBatch = 0;
                    if (pausing) {
                        awaitSearch();
                        return new End(null, true, batchIndex);
                    }
                }
            }
        } catch (InputFormatException e) {
            unreadable = e.getMessage();
        } catch (ObjectStore.ObjectMissingException | ObjectStore.ObjectChangedException e) {
            // Gone or overwritten while read (a broken connection read on from where it broke finds the
            // object changed): no retry can read the rest. The rows read before are applied below.
            unreadable = uploadGone(e);
        }
        batch.addAll(later.release(reader.lastLine(), true));
        flush(reader, batchIndex, batch, rejectedOnReading, heartbeat, later);
        awaitSearch();
        return new End(unreadable, false, batchIndex + 1);
    }

    /**
     * The other columns the batch's stored rows are the first of the file to give a value, noted for the
     * exports in one request: after the rows are stored, so that a row rejected when applied (no name,
     * a conflict) notes none, and before the run moves past the batch, so that a redo notes them. Answers
     * the warnings naming those the exports have no room left for (their values are stored), by the line
     * that first gave one.
     */
    private java.util.Map<Long, ValueWarning> noteColumns(List<AcceptedRow> stored) {
        if (unnoted.isEmpty()) {
            return java.util.Map.of();
        }
        java.util.Map<String, String> now = new java.util.LinkedHashMap<>();
        java.util.Map<String, AcceptedRow> firstBy = new java.util.HashMap<>();
        for (AcceptedRow row : stored) {
            for (var it = unnoted.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (row.values().containsKey(e.getKey())) {
                    now.put(e.getKey(), e.getValue());
                    firstBy.put(e.getKey(), row);
                    it.remove();
                }
            }
        }
        java.util.Set<String> refused = now.isEmpty() ? java.util.Set.of() : customers.noteColumns(now); // one request for them all
        if (refused.isEmpty()) {
            return java.util.Map.of();
        }
        List<String> named = refused.stream().map(now::get).toList();
        String which = String.join(", ", named.subList(0, Math.min(5, named.size()))) + (named.size() > 5 ? " and " + (named.size() - 5) + " more" : "");
        String first = refused.iterator().next();
        AcceptedRow row = firstBy.get(first);
        return java.util.Map.of(row.line(), new ValueWarning(now.get(first), row.values().get(first),
                "stored, not shown in exports: they show at most " + dev.custcode.store.CustomerStore.MAX_COLUMNS
                        + " other columns, the first files brought, and have no room for " + named.size() + " more (" + which
                        + "); GET /customers/{code} shows them"));
    }

    /** Why the rest of an upload cannot be read: it was deleted or overwritten since. */
    static String uploadGone(IOException e) {
        return e.getMessage() + "; the rest of it was not read (a newer upload is imported on its own)";
    }

    /** The probable duplicates the searches ended so far found, to duplicates.csv (a batch's are written with a later batch's rows). */
    private void writeCandidates() {
        for (DuplicateSearch.Pair p : tally.candidates) {
            tally.duplicateCandidates++;
            String name = p.customer().attributes().get("name");
            String otherName = p.other().attributes().get("name");
            String[] cells = {Long.toString(p.line()), p.customer().code(), name, p.other().code(), otherName,
                    String.format(java.util.Locale.ROOT, "%.2f", p.match().score()), String.join("; ", p.match().reasons())};
            String[] masked = cells.clone();
            if (scheme.isPersonal("name")) {
                masked[2] = PersonalData.mask("name", name);
                masked[4] = PersonalData.mask("name", otherName);
            }
            files.duplicates.row(cells, masked);
        }
        tally.candidates.clear();
    }

    /** The last search's pairs, before the rows' files are closed (the end of the rows, or a pause). */
    private void awaitSearch() {
        applier.awaitAll(tally);
        writeCandidates();
    }

    private void flush(CustomerCsvReader reader, int batchIndex, List<AcceptedRow> batch, List<String[]> rejectedOnReading,
                       LongConsumer heartbeat, LaterLines later) {
        List<String[]> rejected = new ArrayList<>(rejectedOnReading);
        rejectedOnReading.clear();
        List<String[][]> warnings = new ArrayList<>(); // {cells, masked} of each warnings.csv line of the batch
        if (!batch.isEmpty()) {
            batch.sort(java.util.Comparator.comparingLong(AcceptedRow::line));
            List<BatchApplier.Unapplied> unapplied = applier.apply(batchIndex, batch, clock.instant().toString(), tally, later);
            java.util.Set<Long> notApplied = new java.util.HashSet<>();
            unapplied.forEach(u -> notApplied.add(u.row().line()));
            java.util.Map<Long, ValueWarning> noRoom = noteColumns(batch.stream()
                    .filter(row -> !notApplied.contains(row.line()) && !later.isHeld(row.line())).toList());
            for (AcceptedRow row : batch) {
                if (!notApplied.contains(row.line()) && !later.isHeld(row.line())) {
                    List<ValueWarning> all = new ArrayList<>(tally.revisedWarnings.getOrDefault(row.line(), row.warnings()));
                    all.addAll(tally.storedWarnings.getOrDefault(row.line(), List.of()));
                    if (noRoom.containsKey(row.line())) {
                        all.add(noRoom.get(row.line()));
                    }
                    for (ValueWarning w : all) {
                        tally.warnings++;
                        String[] cells = {Long.toString(row.line()), w.field(), w.value(), w.action()};
                        String[] masked = cells.clone();
                        if (scheme.isPersonal(w.field()) && !PersonalData.isMasked(w.value())) { // a masked cell is shown as it was
                            masked[2] = PersonalData.mask(w.field(), w.value());
                        }
                        warnings.add(new String[][]{cells, masked});
                    }
                }
            }
            for (BatchApplier.Unapplied u : unapplied) {
                String raw = reader.rawLine(u.row().cells());
                String maskedRaw = reader.maskedRawLine(u.row().cells(), scheme);
                if (u.conflict()) {
                    tally.conflicts++;
                    String line = Long.toString(u.row().line());
                    String codes = String.join(" ", u.codes());
                    files.conflicts.row(new String[]{line, u.reason(), codes, String.join(" ", u.keys()), raw},
                            new String[]{line, u.reason(), codes, String.join(" ", IdentityKind.masked(u.keys())), maskedRaw});
                } else {
                    tally.rejected++;
                    rejected.add(new String[]{Long.toString(u.row().line()), u.reason(), raw, maskedRaw});
                }
            }
            // In-file duplicates are merged, not lost: each such line is named with the line it joined.
            for (ImportTally.SameCustomer s : tally.sameCustomer) {
                String[] cells = {Long.toString(s.line()), "(line)", s.code(),
                        "the same customer as line " + s.earlierLine() + " of this file: merged into it, this later line's values win"};
                warnings.add(new String[][]{cells, cells});
            }
            tally.sameCustomer.clear();
            tally.revisedWarnings.clear();
            tally.storedWarnings.clear();
            for (ImportTally.StaleCell s : tally.staleCells) {
                tally.warnings++;
                String action = "not applied: the stored value" + (s.stored() == null ? " (none)" : "")
                        + " changed after this export was made (its updatedAt " + s.exportedAsOf() + "); export again to edit the current data";
                String[] cells = {Long.toString(s.line()), s.field(), s.value() == null ? "(clear)" : s.value(), action};
                String[] masked = cells.clone();
                if (s.value() != null && scheme.isPersonal(s.field())) {
                    masked[2] = PersonalData.mask(s.field(), s.value());
                }
                warnings.add(new String[][]{cells, masked});
            }
            tally.staleCells.clear();
            // In line order (stable: a line's own warnings before those the batch found for it).
            warnings.sort(java.util.Comparator.comparingLong(w -> Long.parseLong(w[0][0])));
            warnings.forEach(w -> files.warnings.row(w[0], w[1]));
            writeCandidates();
            batch.clear();
        }
        rejected.sort(java.util.Comparator.comparingLong(r -> Long.parseLong(r[0])));
        rejected.forEach(r -> files.rejected.row(new String[]{r[0], r[1], r[2]}, new String[]{r[0], r[1], r[3]}));
        heartbeat.accept(tally.rows);
    }
}
