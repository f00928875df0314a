package dev.custcode.ingest;

import dev.custcode.identity.IdentityKind;
import dev.custcode.classify.Classification;
import dev.custcode.classify.Classifier;
import dev.custcode.classify.ValueWarning;
import dev.custcode.csv.CsvRow;
import dev.custcode.csv.HeaderMapping;
import dev.custcode.customer.CustomerFields;
import dev.custcode.customer.PersonalData;
import dev.custcode.customer.ItemSize;
import dev.custcode.identity.Identity;
import dev.custcode.identity.IdentityKeys;
import dev.custcode.normalize.Values;
import dev.custcode.scheme.Scheme;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns a parsed row into an {@link AcceptedRow} or the reason it is rejected. Pure. */
final class RowValidator {
    /** Cells that clear the stored value explicitly (after NFKC, so full-width brackets work too). */
    static final Set<String> CLEAR_TOKENS = Set.of("(clear)", "(清除)", "(清空)");
    static final String REPEATED_HEADER = "the row repeats the header (files joined one after another?): no customer";
    /** What a spreadsheet report's sum line starts with ({@code 合计}, {@code Total:}, {@code Summe}), compared lower-cased. */
    private static final Set<String> TOTAL_LABELS = Set.of("合计", "总计", "小计", "共计", "汇总", "合計", "總計", "小計", "共計", "彙總", "總和",
            "総計", "합계", "총계", "소계",
            "total", "totals", "grand total", "subtotal", "sub-total", "sub total", "sum",
            "summe", "gesamt", "gesamtsumme", "insgesamt", "zwischensumme", "somme", "total général", "sous-total",
            "totale", "suma", "total general", "soma", "total geral", "totaal");

    /** A sum in any locale's digit grouping ({@code 12.300,50}, {@code 12 300,50}, {@code 1'200.00}), for the totals row only. */
    private static final Pattern SUM_CELL = Pattern.compile("\\p{Sc}?\\s*[-+(]?\\d[\\d.,'\\s]*\\)?\\s*[%\\p{Sc}]?");

    private final Scheme scheme;
    private final Classifier classifier;
    private final HeaderMapping header;
    private final String stampPrefix;
    private final LocalDate asOf;

    /**
     * @param stampPrefix the import's upload order ({@link Stamps#prefix}); each row's stamp adds its line
     * @param asOf        the import's date, for the warnings' account of what a dimension took instead
     */
    RowValidator(Classifier classifier, HeaderMapping header, String stampPrefix, LocalDate asOf) {
        this.scheme = classifier.scheme();
        this.classifier = classifier;
        this.header = header;
        this.stampPrefix = stampPrefix;
        this.asOf = asOf;
    }

    /**
     * An export's {@code updatedAt} cell in epoch milliseconds: null in a file without that column.
     * An ISO instant as exports write it; a time a spreadsheet rewrote ({@code 2026/12/6 4:53},
     * {@code 2026-12-06 04:53:52}, read as UTC, as written) to its minute, so a little earlier;
     * a cell emptied or unreadable as {@value #UNREADABLE_EXPORT_TIME}: a copy of unknown age is taken
     * as older than every change of the customer, whose stored values then stay, with a warning.
     */
    private Long exportedAsOf(List<String> cells) {
        if (!header.derived().containsValue("updatedAt")) {
            return null;
        }
        String v = header.derivedCell(cells, "updatedAt").orElse(null);
        if (v == null) {
            return UNREADABLE_EXPORT_TIME;
        }
        try {
            return java.time.Instant.parse(v).toEpochMilli();
        } catch (java.time.format.DateTimeParseException notAnInstant) {
            return spreadsheetTime(v, header.monthFirst());
        }
    }

    /**
     * An export's {@code updatedAt} as a spreadsheet wrote it back: {@code 2026/12/6 8:36},
     * {@code 2026-12-06 08:36:31}, or day and month first ({@code 6/12/2026 8:36}; {@code 12/6/2026 8:36 AM}
     * in a file whose dates are month first, US). What it leaves out is read as the latest it can mean
     * (8:36 as 8:36:59.999): the time is the customer's last change when the export was made, and
     * read earlier it would make that very change look newer than the copy, refusing every edit of
     * the fields it changed. (Two changes of one customer within that minute, the export made between
     * them, are then read as both in the copy.)
     */
    static long spreadsheetTime(String v, boolean monthFirst) {
        java.util.regex.Matcher time = SPREADSHEET_TIME.matcher(v);
        if (!time.matches()) {
            return UNREADABLE_EXPORT_TIME;
        }
        java.util.Optional<LocalDate> date = Values.parseDate(time.group(1), monthFirst);
        if (date.isEmpty()) {
            return UNREADABLE_EXPORT_TIME;
        }
        try {
            int hour = Integer.parseInt(time.group(2));
            String half = time.group(6);
            if (half != null) {
                if (hour < 1 || hour > 12) {
                    return UNREADABLE_EXPORT_TIME;
                }
                hour = hour % 12 + (half.equalsIgnoreCase("PM") ? 12 : 0);
            }
            String seconds = time.group(4);
            String fraction = time.group(5);
            long read = date.get().atTime(hour, Integer.parseInt(time.group(3)), seconds == null ? 0 : Integer.parseInt(seconds))
                    .toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
            long unsaid = seconds == null ? 59_999 : fraction == null ? 999 : 0;
            return read + unsaid;
        } catch (java.time.DateTimeException notATime) {
            return UNREADABLE_EXPORT_TIME;
        }
    }

    /** What {@link #exportedAsOf} gives for an export row whose {@code updatedAt} cannot be read. */
    static final long UNREADABLE_EXPORT_TIME = 0L;

    /**
     * A date (year first, or day and month in the file's order with the year last), then hour,
     * minute, perhaps seconds and a fraction, perhaps AM/PM, as spreadsheets write a date-time back.
     */
    private static final java.util.regex.Pattern SPREADSHEET_TIME = java.util.regex.Pattern.compile(
            "(\\d{1,4}[-/.]\\d{1,2}[-/.]\\d{1,4})[ T]+(\\d{1,2}):(\\d{2})(?::(\\d{2})([.,]\\d+)?)?\\s*(?:([AaPp][Mm]))?\\s*Z?");

    /** Either an accepted row or a rejection reason, never both. */
    record Outcome(AcceptedRow accepted, String rejection) {
    }

    /**
     * The keys the row would find its customer by, as {@link LaterLines} compares rows: its code and
     * its keys that are not weak (name + city, when it has nothing else). Cheap: no classification,
     * no bounds; a row {@link #validate} would reject may have keys here. Empty for a row without any.
     */
    List<String> keysOf(CsvRow row) {
        if (!row.ok() || header.repeatsHeader(row.cells()) || totalLabel(row.cells()) != null) {
            return List.of();
        }
        Map<String, String> values = stated(row, new java.util.HashSet<>(), new java.util.HashMap<>());
        String code = values.remove("code");
        List<Identity> keys = IdentityKeys.all(values, scheme.identity());
        boolean onlyWeak = keys.stream().allMatch(k -> k.kind().weak());
        List<String> out = new ArrayList<>();
        if (code != null) {
            out.add(IdentityKeys.codeKey(code));
        }
        keys.stream().filter(k -> onlyWeak || !k.kind().weak()).forEach(k -> out.add(k.key()));
        return out;
    }

    /**
     * The values the row states: its cells by field, without those that clear a field (their fields
     * added to {@code cleared}) or are masked (added to {@code masked}).
     */
    private Map<String, String> stated(CsvRow row, Set<String> cleared, Map<String, String> masked) {
        Map<String, String> values = new HashMap<>(CustomerFields.derive(header.values(row.cells())));
        values.entrySet().removeIf(e -> {
            if (CLEAR_TOKENS.contains(e.getValue().toLowerCase(Locale.ROOT))) {
                cleared.add(e.getKey());
                return true;
            }
            // A masked export dropped back (138****8000): the cell says nothing, as if its column were absent.
            if (scheme.isPersonal(e.getKey()) && PersonalData.isMasked(e.getValue())) {
                masked.put(e.getKey(), e.getValue());
                return true;
            }
            return false;
        });
        return values;
    }

    /**
     * The label of a spreadsheet report's sum line ({@code 合计,,,12345}, {@code Total:,,300}): its first
     * cell with text says so and every other is a number. Null for any other row: a company named
     * Total has a city, a phone or an id besides.
     */
    static String totalLabel(List<String> cells) {
        String label = null;
        for (String cell : cells) {
            String v = dev.custcode.normalize.Text.normalize(cell);
            if (v.isEmpty()) {
                continue;
            }
            if (label == null) {
                String bare = v.replaceAll("[:：\\s]+$", "").toLowerCase(Locale.ROOT);
                if (!TOTAL_LABELS.contains(bare)) {
                    return null;
                }
                label = v;
            } else if (Values.parseAmount(v).isEmpty() && !SUM_CELL.matcher(v).matches()) {
                return null;
            }
        }
        return label;
    }

    Outcome validate(CsvRow row) {
        if (!row.ok()) {
            return new Outcome(null, row.problem());
        }
        if (header.repeatsHeader(row.cells())) {
            return new Outcome(null, REPEATED_HEADER);
        }
        String total = totalLabel(row.cells());
        if (total != null) {
            return new Outcome(null, "a totals row (" + total + " and numbers only): no customer");
        }
        Set<String> cleared = new LinkedHashSet<>();
        Map<String, String> masked = new java.util.TreeMap<>();
        Map<String, String> values = stated(row, cleared, masked);
        for (String field : header.recognized().keySet()) {
            if (!values.containsKey(field) && !cleared.contains(field) && !masked.containsKey(field) && scheme.clearsWhenEmpty(field)) {
                cleared.add(field);
            }
        }
        String code = values.remove("code");
        cleared.remove("code");
        // A required field is never cleared (a customer without a name is no record): the stored value stays, said.
        List<ValueWarning> notCleared = new ArrayList<>();
        for (String field : scheme.required()) {
            if (cleared.remove(field)) {
                notCleared.add(new ValueWarning(field, "(clear)", "not cleared: a required field keeps its stored value"));
            }
        }
        List<Identity> keys = IdentityKeys.all(values, scheme.identity());
        Map<String, String> excelProblems = IdentityKeys.excelProblems(values, scheme.identity());
        if (code == null && keys.isEmpty()) {
            return new Outcome(null, "no identity: none of code, " + describe(scheme.identity()) + " is present and valid"
                    + excelProblems.keySet().stream().map(f -> "; " + f + " " + values.get(f) + " is " + excelProblems.get(f).replace(": " + IdentityKeys.EXCEL_CUT_ACTION, ""))
                            .collect(java.util.stream.Collectors.joining())
                    + (IdentityKeys.emailProblem(values) == null ? "" : "; its email is not an address (one @, a name before it, a dotted domain after it)")
                    + (IdentityKeys.phoneProblem(values) == null ? "" : "; its phone is not a phone number"));
        }
        // Bounds of DynamoDB checked here, on the row, so that they reject it rather than fail its batch.
        String codeKey = code == null ? null : IdentityKeys.codeKey(code);
        List<Identity> all = new ArrayList<>(keys);
        if (codeKey != null) {
            all.add(0, new Identity(IdentityKind.CODE, codeKey));
        }
        List<ValueWarning> keyWarnings = new ArrayList<>();
        for (Identity k : List.copyOf(all)) {
            String tooLong = IdentityKeys.tooLong(k);
            if (tooLong != null && k.kind() == IdentityKind.NAME_CITY && all.size() > 1) {
                // Made from the name, not stated as an identity: with other keys the row needs it only to be
                // found by name, so it goes without it, said (a very long name stays the customer's name).
                all.remove(k);
                keys = new ArrayList<>(keys);
                keys.remove(k);
                String name = values.get("name");
                keyWarnings.add(new ValueWarning("name", name.length() > 80 ? name.substring(0, 80) + "…" : name, tooLong + ": not used to match the customer; its other keys are"));
            } else if (tooLong != null) {
                return new Outcome(null, tooLong);
            }
        }
        String stamp = Stamps.of(stampPrefix, row.line());
        Classification classification = classifier.classify(values, asOf);
        long bytes = itemBytes(values, cleared, stamp, keys, classification);
        if (bytes > ItemSize.MAX_BYTES) {
            return new Outcome(null, ItemSize.tooLarge(bytes));
        }
        List<ValueWarning> warnings = classifier.check(values, classification);
        if (!keyWarnings.isEmpty()) {
            warnings = new ArrayList<>(warnings);
            warnings.addAll(keyWarnings);
        }
        List<ValueWarning> future = classifier.futureDates(values, asOf);
        if (!future.isEmpty()) {
            warnings = new ArrayList<>(warnings);
            warnings.addAll(future);
        }
        List<ValueWarning> numbers = header.numberWarnings(row.cells());
        if (!numbers.isEmpty()) {
            warnings = new ArrayList<>(warnings);
            warnings.addAll(numbers);
        }
        if (!excelProblems.isEmpty()) {
            warnings = new ArrayList<>(warnings);
            for (var e : excelProblems.entrySet()) {
                warnings.add(new ValueWarning(e.getKey(), values.get(e.getKey()), e.getValue()));
            }
        }
        if (!notCleared.isEmpty()) {
            warnings = new ArrayList<>(warnings);
            warnings.addAll(notCleared);
        }
        Map<String, String> keyProblems = IdentityKeys.problems(values);
        if (!keyProblems.isEmpty()) {
            warnings = new ArrayList<>(warnings);
            for (var p : keyProblems.entrySet()) {
                warnings.add(new ValueWarning(p.getKey(), values.get(p.getKey()), p.getValue()));
            }
        }
        Long exportedAsOf = codeKey == null ? null : exportedAsOf(row.cells());
        return new Outcome(new AcceptedRow(row.line(), codeKey, keys, values, cleared, stamp, row.cells(), warnings,
                exportedAsOf, masked, codeKey == null ? Map.of() : header.computedCells(row.cells()),
                exportedAsOf == null ? Set.of() : emptied(row.cells(), values, cleared, masked)), null);
    }

    /** The fields of a row's empty cells that it neither sets, clears nor shows masked. */
    private Set<String> emptied(List<String> cells, Map<String, String> values, Set<String> cleared, Map<String, String> masked) {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < cells.size(); i++) {
            String field = header.field(i);
            if (field != null && !"code".equals(field) && cells.get(i).isBlank() && !values.containsKey(field) && !cleared.contains(field)
                    && !masked.containsKey(field)) {
                out.add(field);
            }
        }
        return out;
    }

    /** The size of the item this row alone would make: its values, a stamp for each field it sets or clears, its keys. */
    private static long itemBytes(Map<String, String> values, Set<String> cleared, String stamp, List<Identity> keys,
                                  Classification classification) {
        Map<String, String> stamps = new HashMap<>();
        values.keySet().forEach(f -> stamps.put(f, stamp));
        cleared.forEach(f -> stamps.put(f, stamp));
        return ItemSize.estimate(values, stamps, keys.stream().map(Identity::key).toList(), classification.valueKeys());
    }

    private static String describe(List<String> kinds) {
        return String.join(", ", kinds.stream().map(k -> IdentityKind.fromScheme(k).map(IdentityKind::described).orElse(k)).toList());
    }
}
