package dev.custcode.csv;

import dev.custcode.classify.ValueWarning;
import dev.custcode.normalize.NumberStyle;
import dev.custcode.normalize.Simplified;
import dev.custcode.normalize.Text;
import dev.custcode.normalize.Values;
import dev.custcode.scheme.FieldSpec;
import dev.custcode.scheme.FieldType;
import dev.custcode.scheme.DimensionSpec;
import dev.custcode.scheme.HeaderNames;
import dev.custcode.scheme.RuleSpec;
import dev.custcode.scheme.Scheme;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Maps a file's header cells to the scheme's canonical fields through their aliases
 * ({@code 客户名称} and {@code Customer Name} both mean {@code name}). Columns no alias matches are
 * kept under their normalized header, so any column can still drive a dimension. Headers in
 * traditional Chinese match the aliases in simplified ({@code 客戶名稱} is {@code 客户名称}). A header no alias
 * matches as written is matched again without its markers and its trailing bracket
 * ({@code *客户名称}, {@code 累计金额（万元）}: {@link HeaderNames#qualified}); an amount column whose
 * bracket states a magnitude ({@code 万元}, {@code 千元}, {@code USD thousands}) is read in units.
 *
 * <p>Files that custcode wrote itself ({@code _export.csv}, told by their {@code code} or {@code folder}
 * column) come back: their derived columns (each dimension by name, label or {@code <name> (group)},
 * {@code folder}, {@code createdAt}, {@code updatedAt}) are recognized as such ({@link #derived()})
 * and not kept as attributes, since classification recomputes them (any other file keeps such columns as data);
 * and the formula guard {@code '} that exports put before {@code = + - @}, tab and CR is removed.
 */
public final class HeaderMapping {
    private final List<String> header;
    /**
     * For each column: the key its value is stored under, or null. Keys are unique: the canonical field,
     * or for other columns the normalized header (a field's second column: its header as written),
     * suffixed {@code " (2)"}, … when a field or an earlier column already has it.
     */
    private final String[] keys;
    /** For each column: the magnitude its header states for an amount field ({@code 金额（万元）}: 10,000), or null. */
    private final BigDecimal[] magnitudes;
    private final Map<String, String> fieldToHeader;
    private final Map<String, String> derived;
    /** For each column: the type of the field it holds, or null (not a field). */
    private final FieldType[] types;
    /** Whether the file writes day/month dates month first (11/28/2016): they are stored as ISO. */
    private final boolean monthFirst;
    /** How the file writes numbers (its delimiter says): amounts and counts are stored as a decimal point writes them. */
    private final NumberStyle numberStyle;
    /** For each column: whether its header is blank (its key is its position, {@code column 3}). */
    private final boolean[] blank;

    private HeaderMapping(List<String> header, String[] keys, BigDecimal[] magnitudes, Map<String, String> fieldToHeader,
            Map<String, String> derived, FieldType[] types, boolean monthFirst, NumberStyle numberStyle) {
        this.header = header;
        this.keys = keys;
        this.magnitudes = magnitudes;
        this.types = types;
        this.monthFirst = monthFirst;
        this.numberStyle = numberStyle;
        this.fieldToHeader = fieldToHeader;
        this.derived = derived;
        this.blank = new boolean[header.size()];
        for (int i = 0; i < blank.length; i++) {
            blank[i] = HeaderNames.normalize(header.get(i)).isEmpty();
        }
    }

    public static HeaderMapping of(List<String> headerCells, Scheme scheme) {
        Map<String, String> aliasToField = new HashMap<>();
        scheme.fields().forEach((field, spec) -> {
            aliasToField.putIfAbsent(HeaderNames.normalize(field), field);
            spec.aliases().forEach(a -> aliasToField.putIfAbsent(HeaderNames.normalize(a), field));
        });
        // A header in traditional Chinese (客戶名稱, 電話) is the alias in simplified, and one typed without its
        // accents (Telefono, Pais) the alias with them: both sides folded.
        Map<String, String> simplified = new HashMap<>();
        aliasToField.forEach((alias, field) -> simplified.putIfAbsent(folded(alias), field));
        // Derived columns are an export's: a file of the user's own with a Region or Tier column
        // (Superstore's Region = West) keeps it as data. An export has the customer code or a folder.
        boolean export = headerCells.stream().map(HeaderNames::normalize)
                .anyMatch(h -> "code".equals(aliasToField.get(h)) || h.equals(HeaderNames.normalize("folder")));
        if (export) {
            // An export guards a header that reads as a formula ('=cmd()) as it guards cells: read back as written.
            headerCells = headerCells.stream().map(FormulaGuard::unguard).toList();
        }
        Map<String, String> derivedColumns = export ? new HashMap<>(derivedColumns(scheme, aliasToField)) : new HashMap<>();
        // An export heads a dimension "region (group)" when a column of the customers is "region": that one is data.
        for (String cell : headerCells) {
            String h = HeaderNames.normalize(cell);
            scheme.dimensions().stream().filter(d -> d != null && d.name() != null
                    && h.equals(HeaderNames.normalize(HeaderNames.dimensionColumn(d.name())))).forEach(d -> derivedColumns.remove(HeaderNames.normalize(d.name())));
        }
        String[] keys = new String[headerCells.size()];
        BigDecimal[] magnitudes = new BigDecimal[headerCells.size()];
        Map<String, String> fieldToHeader = new LinkedHashMap<>();
        Map<String, String> derived = new LinkedHashMap<>();
        // Every key a column could collide with: all field names, then each key as it is given.
        Set<String> taken = new HashSet<>(scheme.fields().keySet());
        List<Named> named = new ArrayList<>(headerCells.size());
        Set<String> namedFields = new HashSet<>();
        for (String cell : headerCells) {
            Named n = fieldNamed(cell, aliasToField, simplified, derivedColumns);
            named.add(n);
            if (n.field() != null) {
                namedFields.add(n.field());
            }
        }
        for (int i = 0; i < headerCells.size(); i++) {
            String normalized = HeaderNames.normalize(headerCells.get(i));
            if (normalized.isEmpty()) {
                // A column without a header is kept too, under its position: its cells are data like any other's.
                keys[i] = unique(blankHeader(i), taken);
                taken.add(keys[i]);
                continue;
            }
            String field = named.get(i).field();
            String second = field == null ? null : field + "2";
            if (field != null && fieldToHeader.containsKey(field) && scheme.fields().containsKey(second) && !namedFields.contains(second)
                    && !HeaderNames.normalize(fieldToHeader.get(field)).equals(normalized)) {
                // A second column of a field with a numbered twin no column names (Mobile, then Tel: phone, then phone2)
                // is that twin: one system's Tel and another's 座机 are then one field, a later file updating what an earlier stored.
                // A header written twice (phone, phone) is a copy instead, suffixed below as an export writes copies.
                field = second;
                namedFields.add(second);
            }
            if (named.get(i).qualifier() != null && !fieldToHeader.containsKey(field) && scheme.fields().get(field).fieldType() == FieldType.AMOUNT) {
                // Spreadsheets qualify headers: 累计金额（万元）, Revenue (USD): the qualifier may be a magnitude.
                magnitudes[i] = Values.magnitude(named.get(i).qualifier()).orElse(null);
            }
            if (field != null && !fieldToHeader.containsKey(field)) {
                fieldToHeader.put(field, Text.normalize(headerCells.get(i)));
                keys[i] = field;
            } else if (field == null && derivedColumns.containsKey(normalized)) {
                derived.put(Text.normalize(headerCells.get(i)), derivedColumns.get(normalized));
            } else {
                // A second column of a field keeps its header as written: its normalized header can be
                // the field's own name (Phone → phone), and would then fill or lose to the field.
                // So does a copy of a field's column an export wrote back (phone (2)): the key it was stored under.
                boolean copy = field != null || isCopy(headerCells.get(i));
                keys[i] = unique(copy ? Text.normalize(headerCells.get(i)) : normalized, taken);
            }
            if (keys[i] != null) {
                taken.add(keys[i]);
            }
        }
        FieldType[] types = new FieldType[keys.length];
        for (int i = 0; i < keys.length; i++) {
            FieldSpec spec = keys[i] == null ? null : scheme.fields().get(keys[i]);
            types[i] = spec == null ? null : spec.fieldType();
        }
        return new HeaderMapping(List.copyOf(headerCells), keys, magnitudes, Collections.unmodifiableMap(fieldToHeader),
                Collections.unmodifiableMap(derived), types, false, NumberStyle.DECIMAL_POINT);
    }

    /** The field a header names (null if none), and the qualifier it was found past ({@code 万元}; null if it was not). */
    private record Named(String field, String qualifier) {
    }

    /** The field a header names: by alias, as written or in simplified Chinese, or by its core once markers and a qualifier are off. */
    private static Named fieldNamed(String header, Map<String, String> aliasToField, Map<String, String> simplified, Map<String, String> derivedColumns) {
        String normalized = HeaderNames.normalize(header);
        if (normalized.isEmpty() || derivedColumns.containsKey(normalized)) {
            return new Named(normalized.isEmpty() ? null : aliasToField.get(normalized), null);
        }
        String field = aliasToField.getOrDefault(normalized, simplified.get(folded(normalized)));
        if (field != null) {
            return new Named(field, null);
        }
        // Spreadsheets mark and qualify headers: *客户名称 (required), 累计金额（万元）, Revenue (USD).
        Optional<HeaderNames.Qualified> q = HeaderNames.qualified(header);
        String core = q.map(h -> simplified.get(folded(h.core()))).orElse(null);
        return new Named(core, core == null ? null : q.get().qualifier());
    }

    /**
     * A normalized header as aliases are compared when it is none of them as written: in simplified
     * Chinese, and its accented Latin letters without their accents ({@code téléphone} → {@code telephone};
     * ß and ø have no accent to lose). Only to find a field: a column kept as data keeps its header.
     */
    private static String folded(String normalized) {
        return Text.withoutAccents(Simplified.of(normalized));
    }

    /** This mapping for a file whose day/month dates are month first ({@code 11/28/2016}) or not. */
    public HeaderMapping withMonthFirst(boolean monthFirst) {
        return monthFirst == this.monthFirst ? this
                : new HeaderMapping(header, keys, magnitudes, fieldToHeader, derived, types, monthFirst, numberStyle);
    }

    /**
     * This mapping for a file that writes its numbers so ({@link NumberStyle#ofDelimiter}: a
     * {@code ;} file has decimal commas); a mapping made by {@link #of} reads decimal points.
     */
    public HeaderMapping withNumberStyle(NumberStyle numberStyle) {
        return numberStyle == this.numberStyle ? this
                : new HeaderMapping(header, keys, magnitudes, fieldToHeader, derived, types, monthFirst, numberStyle);
    }

    public NumberStyle numberStyle() {
        return numberStyle;
    }

    public boolean monthFirst() {
        return monthFirst;
    }

    /**
     * What rows' date cells say of the order of day and month: how many can only be read month
     * first ({@code 11/28/2016}) and how many only day first ({@code 28/11/2016}), with the first of
     * each. Files say it in their first rows or nowhere: one day above the 12th in a date column
     * settles it.
     */
    public DateOrder dateOrderIn(Iterable<List<String>> rows) {
        int month = 0;
        int day = 0;
        String monthExample = null;
        String dayExample = null;
        for (List<String> cells : rows) {
            for (int i = 0; i < Math.min(cells.size(), types.length); i++) {
                if (types[i] == FieldType.DATE) {
                    int e = Values.dayMonthEvidence(cells.get(i));
                    if (e > 0 && month++ == 0) {
                        monthExample = Text.normalize(cells.get(i));
                    } else if (e < 0 && day++ == 0) {
                        dayExample = Text.normalize(cells.get(i));
                    }
                }
            }
        }
        return new DateOrder(month, day, monthExample, dayExample);
    }

    /** The evidence {@link #dateOrderIn} found: date cells only month first reads, and only day first reads. */
    public record DateOrder(int onlyMonthFirst, int onlyDayFirst, String monthFirstExample, String dayFirstExample) {
        /** Month first when some cell can only be read so and none only day first. */
        public boolean monthFirst() {
            return onlyMonthFirst > 0 && onlyDayFirst == 0;
        }

        /**
         * When the cells contradict each other, what the report says: the file is read day first, as
         * the rule says, and a date that reads both ways may be meant otherwise. Empty when they agree.
         */
        public java.util.Optional<String> disagreement() {
            if (onlyMonthFirst == 0 || onlyDayFirst == 0) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of("day first, though the first rows disagree: " + onlyMonthFirst
                    + " date(s) only month first reads (such as " + monthFirstExample + ") and " + onlyDayFirst
                    + " only day first reads (such as " + dayFirstExample + "); a date whose day and month are both 12 or less"
                    + " (such as 12/10/2025) was read day first: check the file's dates");
        }
    }

    private static final Pattern COPY = Pattern.compile("(.+) \\([2-9]\\d?\\)");

    /**
     * Whether a header is a copy number after a column's header, as {@link #unique} makes them and
     * exports write them back: {@code phone (2)}, {@code note (3)} (not {@code Sales (2019)}).
     */
    private static boolean isCopy(String header) {
        return COPY.matcher(Text.normalize(header)).matches() || BLANK.matcher(Text.normalize(header)).matches();
    }

    /**
     * A header an export wrote for a column that had none ({@code column 3}, {@link #blankHeader}):
     * the key it was stored under, kept as written (normalized, it would be {@code column3}, another
     * column, and the export would grow one on every round trip).
     */
    private static final Pattern BLANK = Pattern.compile("column \\d+( \\(\\d+\\))?");

    /**
     * The key itself when no field and no earlier column has it, else the key with the first free
     * {@code " (2)"}, {@code " (3)"}, …: {@code phone} → {@code phone (2)}, so no column is dropped.
     */
    static String unique(String key, Set<String> taken) {
        if (!taken.contains(key)) {
            return key;
        }
        for (int n = 2;; n++) {
            String candidate = key + " (" + n + ")";
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }

    /**
     * Normalized header → what it is, for the columns exports write but classification derives:
     * each dimension's name and label, {@code folder}, {@code createdAt}, {@code updatedAt}. A name
     * that is also a field alias ({@code type}) or that a rule reads as a column stays a column.
     */
    private static Map<String, String> derivedColumns(Scheme scheme, Map<String, String> aliasToField) {
        Map<String, String> out = new HashMap<>();
        for (DimensionSpec d : scheme.dimensions()) {
            if (d == null || d.name() == null) {
                continue;
            }
            out.putIfAbsent(HeaderNames.normalize(d.name()), d.name());
            out.putIfAbsent(HeaderNames.normalize(HeaderNames.dimensionColumn(d.name())), d.name());
            if (d.label() != null) {
                out.putIfAbsent(HeaderNames.normalize(d.label()), d.name());
            }
        }
        for (String bookkeeping : List.of("folder", "createdAt", "updatedAt")) {
            out.putIfAbsent(HeaderNames.normalize(bookkeeping), bookkeeping);
        }
        Set<String> read = new HashSet<>();
        scheme.dimensions().forEach(d -> {
            if (d != null) {
                d.rules().forEach(r -> ruleFields(r, read));
            }
        });
        out.keySet().removeIf(h -> aliasToField.containsKey(h) || read.contains(h));
        return out;
    }

    private static void ruleFields(RuleSpec rule, Set<String> into) {
        if (rule == null) {
            return;
        }
        if (rule.field() != null) {
            into.add(HeaderNames.normalize(rule.field()));
        }
        if (rule.all() != null) {
            rule.all().forEach(r -> ruleFields(r, into));
        }
    }

    /** Canonical field → the header it was found under, in column order. */
    public Map<String, String> recognized() {
        return fieldToHeader;
    }

    /** The key a column's value is stored under (a recognized field, else the column's own unique key), or null. */
    public String field(int column) {
        return column < keys.length ? keys[column] : null;
    }

    public boolean has(String field) {
        return fieldToHeader.containsKey(field);
    }

    public List<String> header() {
        return header;
    }

    public int columns() {
        return header.size();
    }

    /**
     * Columns recognized as derived and therefore not kept: header (as found, normalized text) →
     * what it is (the dimension's name, or {@code folder}, {@code createdAt}, {@code updatedAt}),
     * in column order. {@code {"region": "region", "区域 Region": "region", "folder": "folder"}}
     */
    public Map<String, String> derived() {
        return derived;
    }

    /**
     * The other columns ({@link #unrecognized()}): the key each one's values are stored under → its
     * header as written (for a column without one, {@code column 3}), in column order.
     */
    public Map<String, String> otherColumns() {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null && !fieldToHeader.containsKey(keys[i])) {
                out.put(keys[i], blank[i] ? keys[i] : Text.normalize(header.get(i)));
            }
        }
        return out;
    }

    /** The cell of the derived column that is {@code what} ({@code updatedAt}), normalized; empty without such a column or value. */
    public Optional<String> derivedCell(List<String> cells, String what) {
        for (int i = 0; i < header.size() && i < cells.size(); i++) {
            if (keys[i] == null && what.equals(derived.get(Text.normalize(header.get(i))))) {
                String v = Text.normalize(unguard(cells.get(i)));
                return v.isEmpty() ? Optional.empty() : Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /**
     * The cells of the derived columns the scheme computes (each dimension, the folder; not the
     * dates): what each is → its cell, normalized, when not empty.
     */
    public Map<String, String> computedCells(List<String> cells) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < header.size() && i < cells.size(); i++) {
            String what = keys[i] == null ? derived.get(Text.normalize(header.get(i))) : null;
            if (what != null && !what.equals("createdAt") && !what.equals("updatedAt")) {
                String v = Text.normalize(unguard(cells.get(i)));
                if (!v.isEmpty()) {
                    out.putIfAbsent(what, v);
                }
            }
        }
        return out;
    }

    /** The key of a column without a header: its position, {@code column 3}. */
    static String blankHeader(int index) {
        return "column " + (index + 1);
    }

    /**
     * Whether a row repeats the header, cell for cell (files joined one after another each bring
     * theirs): no customer, whatever its cells would match.
     */
    public boolean repeatsHeader(List<String> cells) {
        int n = Math.max(cells.size(), header.size());
        boolean any = false;
        for (int i = 0; i < n; i++) {
            String cell = i < cells.size() ? HeaderNames.normalize(cells.get(i)) : "";
            String head = i < header.size() ? HeaderNames.normalize(header.get(i)) : "";
            if (!cell.equals(head)) {
                return false;
            }
            any |= !head.isEmpty();
        }
        return any;
    }

    /**
     * Headers kept as extra columns: those that matched no alias and are not derived, a field's
     * second, third … column, and a column without a header as {@code column 3}.
     */
    public List<String> unrecognized() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null && !fieldToHeader.containsKey(keys[i])) {
                out.add(blank[i] ? keys[i] : header.get(i));
            }
        }
        return out;
    }

    /**
     * Fields whose values are ids, numbers or addresses, where a leading {@code '} is never part of
     * the value: a spreadsheet's mark for "keep as text" ({@code '000123} keeps its zeros), which some
     * tools write into the CSV. Other columns keep theirs.
     */
    private static final Set<String> TEXT_MARKED = Set.of("code", "sourceId", "taxId", "phone", "phone2", "email");

    /**
     * The row's values, normalized ({@link Text#normalize}), under canonical field names or, for
     * other columns, normalized headers. Empty cells and {@link #derived()} columns are left out.
     * A cell {@code '=…}, {@code '+…}, {@code '-…}, {@code '@…}, or {@code '} before a tab or CR is
     * an export's formula guard and loses its {@code '}: {@code '+86 138…} → {@code +86 138…}; so does
     * a cell of an id, contact or typed field ({@code '000123}, {@code '13910000020}, {@link #TEXT_MARKED}).
     * A cell that is Excel's text idiom {@code ="…"} is its text ({@link #unwrapText}).
     */
    public Map<String, String> values(List<String> cells) {
        Map<String, String> values = new HashMap<>();
        int n = Math.min(cells.size(), keys.length);
        for (int i = 0; i < n; i++) {
            if (keys[i] == null) {
                continue;
            }
            String v = cell(cells, i);
            // Not before = + - @: there the ' is what is left of an export's guard of a value that began with one ('=1 from ''=1).
            if (v.length() > 1 && v.charAt(0) == '\'' && "'=+-@".indexOf(v.charAt(1)) < 0 && (types[i] != null || TEXT_MARKED.contains(keys[i]))) {
                v = v.substring(1); // '000123, '13910000020: a spreadsheet's "keep as text" mark, written into the file by some tools
            }
            // Before the magnitude: a header's 万元 multiplies what the file means, read in its style.
            if (types[i] == FieldType.AMOUNT && !v.isEmpty()) {
                v = Values.amountAsDecimalPoint(v, numberStyle);
            } else if (types[i] == FieldType.COUNT && !v.isEmpty()) {
                v = Values.countAsDecimalPoint(v, numberStyle);
            }
            if (magnitudes[i] != null && !v.isEmpty()) {
                v = Values.inUnits(v, magnitudes[i]);
            }
            if (monthFirst && types[i] == FieldType.DATE && !v.isEmpty()) {
                v = Values.monthFirstAsIso(v);
            }
            if (types[i] == FieldType.DATE && !v.isEmpty()) {
                v = Values.serialAsIso(v); // 45356 → 2024-03-05: stored and exported as a date
            }
            if (!v.isEmpty()) {
                values.put(keys[i], v);
            }
        }
        return values;
    }

    /** The cell of column {@code i} as {@link #values} reads it before its field's type does: normalized, unguarded, unwrapped. */
    private static String cell(List<String> cells, int i) {
        return Text.normalize(unwrapText(Text.normalize(unguard(cells.get(i)))));
    }

    /**
     * A warning for each amount of the row whose reading the file's number style decided against one
     * 1,000 times larger ({@code 250.000} in a comma-delimited file: 250; {@code 2,500} in a
     * semicolon-delimited one: 2.5), under its field, with the cell as written
     * ({@link Values#thousandfoldReading}). Read as the file's style says, not guessed per cell: a
     * file means one thing by its marks, and a steward reading the warning can write the other.
     */
    public List<ValueWarning> numberWarnings(List<String> cells) {
        List<ValueWarning> out = new ArrayList<>();
        for (int i = 0; i < Math.min(cells.size(), keys.length); i++) {
            if (types[i] == FieldType.AMOUNT) {
                String key = keys[i];
                String v = cell(cells, i);
                Values.thousandfoldReading(v, numberStyle).ifPresent(action -> out.add(new ValueWarning(key, v, action)));
            }
        }
        return out;
    }

    /**
     * Excel's text idiom {@code ="0571-88881234"} (a formula giving a string, written to keep leading
     * zeros) → its text {@code 0571-88881234}, {@code ""} inside giving {@code "}. Only a cell that is
     * one such string as a whole: {@code ="a"&"b"}, {@code =A1} or {@code =1+1} is a real formula and
     * stays as it is (exports guard it).
     */
    static String unwrapText(String cell) {
        if (cell == null || cell.length() < 3 || !cell.startsWith("=\"") || !cell.endsWith("\"")) {
            return cell;
        }
        StringBuilder sb = new StringBuilder(cell.length() - 3);
        for (int i = 2; i < cell.length() - 1; i++) {
            char c = cell.charAt(i);
            if (c == '"') {
                // Inside the string a quote is only ever doubled; a lone one ends it, so the cell is more than a string.
                if (i + 1 >= cell.length() - 1 || cell.charAt(i + 1) != '"') {
                    return cell;
                }
                i++;
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** Undoes {@code ExcelCsvWriter.guard}: the {@code '} it puts before a cell that would run as a formula ({@link FormulaGuard}). */
    static String unguard(String cell) {
        return FormulaGuard.unguard(cell);
    }
}
