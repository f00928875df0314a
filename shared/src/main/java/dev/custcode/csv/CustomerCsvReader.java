package dev.custcode.csv;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.custcode.normalize.NumberStyle;
import dev.custcode.normalize.Text;
import dev.custcode.scheme.Scheme;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams a customer CSV: detects its encoding and delimiter, maps its header, then yields one
 * {@link CsvRow} per record without holding the file in memory.
 *
 * <pre>{@code
 * try (CustomerCsvReader reader = CustomerCsvReader.open(in, scheme, CsvLimits.DEFAULT)) {
 *     while (reader.hasNext()) {
 *         CsvRow row = reader.next();   // row.problem() != null: reject it with row.line()
 *     }
 * }
 * }</pre>
 *
 * <p>Problems of a single record (wrong field count, over-long, undecodable bytes) come back on
 * the row; problems of the whole file are {@link InputFormatException}s from {@link #open}, or
 * from {@link #hasNext} when the rest of the file cannot be parsed.
 */
public final class CustomerCsvReader implements AutoCloseable {
    private static final int SNIFF_BYTES = 64 * 1024;

    private CsvReader<CsvRecord> csv;
    private CloseableIterator<CsvRecord> records;
    /** The next record that holds a value, read ahead by {@link #hasNext}. */
    private CsvRecord pending;
    private final DetectedEncoding encoding;
    private final char delimiter;
    private final HeaderMapping header;
    private final CsvLimits limits;
    /** Added to the parser's line numbers: a chunk's lines are counted from its own first byte. */
    private final long lineOffset;
    private long lastLine;
    private int leadingRecords = 1;
    /** The line the header is on: 1, or past a title or Excel's {@code sep=} line. */
    private long headerLine = 1;
    private String mixedDateOrders;
    private long headerEndLine = 1;
    /** The bytes again, from their first, to read past a quote never closed; null: stop there ({@link #readingPastUnclosedQuotes}). */
    private Source source;
    /** Bytes of {@link #source} before the parser's first (a byte-order mark). */
    private int sourceSkip;
    /** Lines before the current parser's first, after reading past unclosed quotes. */
    private long linesBefore;
    private int readPast;
    /** A line given up for its unclosed quote, returned (rejected) before the records after it. */
    private CsvRow unclosed;
    /** The quotes of the text the parser reads now. */
    private QuoteTracker quotes;
    /** Why {@link #pending} cannot be used: its quote never closed, and no source to read past it. */
    private String pendingProblem;

    /** The bytes this reader reads, opened again from their first (the object's, or the chunk's). */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    /** Unclosed quotes read past in one reader at most; at the next, it stops as before (each costs a read from the start). */
    static final int MAX_READ_PAST = 100;

    private CustomerCsvReader(CsvReader<CsvRecord> csv, CloseableIterator<CsvRecord> records, DetectedEncoding encoding,
                              char delimiter, HeaderMapping header, CsvLimits limits, long lineOffset) {
        this.lineOffset = lineOffset;
        this.lastLine = lineOffset + 1;
        this.csv = csv;
        this.records = records;
        this.encoding = encoding;
        this.delimiter = delimiter;
        this.header = header;
        this.limits = limits;
    }

    /**
     * Opens a reader positioned after the header.
     *
     * @throws InputFormatException if the file is empty, binary, has no recognizable header or lacks a required column
     */
    public static CustomerCsvReader open(InputStream input, Scheme scheme, CsvLimits limits) throws InputFormatException, IOException {
        return open(input, scheme, limits, null);
    }

    /**
     * Opens a reader of the bytes the source gives, positioned after the header, that reads past
     * unclosed quotes ({@link #readingPastUnclosedQuotes}); and whose encoding is judged on the
     * file's first non-ASCII bytes wherever they are, not on its first 64 KiB only when those are
     * ASCII (a GBK list whose first thousand rows are Latin names).
     *
     * @throws InputFormatException if the file is empty, binary, has no recognizable header or lacks a required column
     */
    public static CustomerCsvReader open(Source source, Scheme scheme, CsvLimits limits) throws InputFormatException, IOException {
        InputStream in = source.open();
        try {
            return open(in, scheme, limits, source).readingPastUnclosedQuotes(source);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static CustomerCsvReader open(InputStream input, Scheme scheme, CsvLimits limits, Source further) throws InputFormatException, IOException {
        BufferedInputStream in = new BufferedInputStream(input, SNIFF_BYTES);
        in.mark(SNIFF_BYTES);
        byte[] sample = new byte[SNIFF_BYTES];
        int length = in.readNBytes(sample, 0, SNIFF_BYTES);
        boolean wholeFile = length < SNIFF_BYTES;
        in.reset();
        if (length == 0) {
            throw new InputFormatException(InputFormatException.Kind.EMPTY_FILE, "the file is empty");
        }
        DetectedEncoding beyond = further != null && !wholeFile && asciiOnly(sample, length) ? firstNonAscii(further) : null;
        DetectedEncoding encoding = beyond != null ? beyond
                : withKnownWords(withReadableHeader(EncodingSniffer.sniff(sample, length, wholeFile), sample, length, wholeFile, scheme),
                        sample, length, wholeFile, scheme);
        in.skipNBytes(encoding.bomLength());
        String preview = EncodingSniffer.preview(encoding, sample, length);
        Character declared = declaredDelimiter(preview);
        char delimiter = declared != null ? declared : DelimiterSniffer.sniff(preview);

        QuoteTracker quotes = text(in, encoding, delimiter);
        CsvReader<CsvRecord> csv = parser(quotes, delimiter, limits);
        CloseableIterator<CsvRecord> records = csv.iterator();
        CsvRecord headerRecord;
        try {
            if (declared != null && records.hasNext()) {
                records.next(); // Excel's sep= line: the header is the next one
            }
            if (!records.hasNext()) {
                throw new InputFormatException(InputFormatException.Kind.EMPTY_FILE, "the file has no lines");
            }
            headerRecord = records.next();
        } catch (CsvParseException e) {
            throw new InputFormatException(InputFormatException.Kind.UNREADABLE, "the header line cannot be parsed: " + message(e, 0));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        // A report's title, its date or an empty row of delimiters may come before the header (Excel
        // reports): lines of at most two cells with text, skipped until a line names known columns.
        CsvRecord first = headerRecord;
        HeaderMapping mapping = null;
        int linesBefore = 0;
        while (true) {
            if (headerRecord.getFieldCount() > limits.maxColumns()) {
                throw new InputFormatException(InputFormatException.Kind.TOO_MANY_COLUMNS, "the header has "
                        + String.format("%,d", headerRecord.getFieldCount()) + " columns; at most "
                        + String.format("%,d", limits.maxColumns()) + " are read (is this a customer list?)");
            }
            if (!headerRecord.getFields().stream().allMatch(String::isBlank)) {
                mapping = HeaderMapping.of(headerRecord.getFields(), scheme);
                if (!mapping.recognized().isEmpty()) {
                    break;
                }
            }
            if (linesBefore >= MAX_LINES_BEFORE_HEADER || !titleLike(headerRecord.getFields()) || !nextRecord(records)) {
                mapping = null;
                break;
            }
            linesBefore++;
            try {
                headerRecord = records.next();
            } catch (CsvParseException e) {
                throw new InputFormatException(InputFormatException.Kind.UNREADABLE, "line " + (linesBefore + 1)
                        + " cannot be parsed: " + message(e, 0));
            }
        }
        if (mapping == null) {
            // Said of the first line, where a header is looked for first.
            if (first.getFields().stream().allMatch(String::isBlank)) {
                throw new InputFormatException(InputFormatException.Kind.EMPTY_FILE, "the first line with text holds only spaces and delimiters:"
                        + " no header (a file of blank lines, or the header is not its first line)");
            }
            throw new InputFormatException(InputFormatException.Kind.NO_HEADER,
                    // Its cells are not quoted: if this line is data, they are someone's name and phone, and
                    // this message is logged, stored and listed by the API.
                    "no recognizable header: none of the " + first.getFieldCount() + " cells of the first line"
                            + " names a known column (e.g. 客户名称/Name, 客户编号/Customer Id, 电话/Phone); the file was read as "
                            + encoding.charset().name() + " (" + encoding.evidence() + ")");
        }
        RequiredColumns.check(mapping, scheme);
        int leading = (declared != null ? 2 : 1) + linesBefore;
        List<List<String>> firstRows = sampleRows(preview, delimiter, leading);
        HeaderMapping.DateOrder dates = mapping.dateOrderIn(firstRows);
        mapping = mapping.withMonthFirst(dates.monthFirst()).withNumberStyle(NumberStyle.ofDelimiter(delimiter));
        CustomerCsvReader reader = new CustomerCsvReader(csv, records, encoding, delimiter, mapping, limits, 0);
        reader.mixedDateOrders = dates.disagreement().orElse(null);
        reader.leadingRecords = leading;
        reader.headerLine = headerRecord.getStartingLineNumber();
        reader.headerEndLine = reader.headerLine + headerRecord.getFields().stream().mapToLong(CustomerCsvReader::lineBreaks).sum();
        reader.sourceSkip = encoding.bomLength();
        reader.quotes = quotes;
        return reader;
    }

    private static boolean asciiOnly(byte[] sample, int length) {
        for (int i = 0; i < length; i++) {
            if (sample[i] <= 0) {
                return false; // a high byte, or a NUL (UTF-16 without a byte-order mark)
            }
        }
        return true;
    }

    /**
     * The encoding of a file whose first 64 KiB are ASCII, judged on 64 KiB from the line of its
     * first other byte; null when it has none (ASCII reads as UTF-8), when they read as UTF-8, or
     * when they are no text (the rows there are rejected one by one, as before). One more pass over
     * the file's ASCII part, reading bytes only.
     */
    private static DetectedEncoding firstNonAscii(Source source) throws IOException {
        try (InputStream in = source.open()) {
            byte[] block = new byte[SNIFF_BYTES];
            long before = 0;
            int n;
            while ((n = in.readNBytes(block, 0, SNIFF_BYTES)) > 0) {
                int high = 0;
                while (high < n && block[high] > 0) {
                    high++;
                }
                if (high < n) {
                    int lineStart = high;
                    while (lineStart > 0 && block[lineStart - 1] != '\n' && block[lineStart - 1] != '\r') {
                        lineStart--;
                    }
                    byte[] window = new byte[SNIFF_BYTES];
                    int length = n - lineStart;
                    System.arraycopy(block, lineStart, window, 0, length);
                    length += in.readNBytes(window, length, SNIFF_BYTES - length);
                    boolean toTheEnd = length < SNIFF_BYTES || in.read() < 0;
                    DetectedEncoding there;
                    try {
                        there = EncodingSniffer.sniff(window, length, toTheEnd);
                    } catch (InputFormatException notText) {
                        return null;
                    }
                    return there.charset().equals(java.nio.charset.StandardCharsets.UTF_8) ? null
                            : new DetectedEncoding(there.charset(), 0, there.evidence() + " (its first " + String.format("%,d", before + high)
                                    + " bytes are ASCII; judged from the line where others begin)");
                }
                before += n;
            }
            return null;
        }
    }

    /**
     * The encoding chosen, unless its header names no known column while another encoding the file
     * decodes in reads it as a customer list's header: a GBK list with a few traditional names may
     * look like Big5 to the sniffer, and its header as Big5 is gibberish.
     */
    private static DetectedEncoding withReadableHeader(DetectedEncoding chosen, byte[] sample, int length, boolean wholeFile, Scheme scheme) {
        List<DetectedEncoding> others = EncodingSniffer.alternatives(chosen, sample, length, wholeFile);
        if (others.isEmpty() || headerRecognized(chosen, sample, length, scheme)) {
            return chosen;
        }
        for (DetectedEncoding other : others) {
            if (headerRecognized(other, sample, length, scheme)) {
                return new DetectedEncoding(other.charset(), 0, other.evidence() + "; its header names known columns only when read so (as "
                        + chosen.charset().name() + ", chosen first, it names none)");
            }
        }
        return chosen;
    }

    /**
     * GB18030 chosen for a file that Big5 reads as traditional Chinese too, when more of its cells
     * are words the scheme knows (a place of a region table, a value of a map rule) read as Big5:
     * a short Big5 file may read as GBK's common characters by chance ({@code 基隆} as {@code 膀订}),
     * and then its cities are found nowhere and its codes say unknown for good.
     */
    private static DetectedEncoding withKnownWords(DetectedEncoding chosen, byte[] sample, int length, boolean wholeFile, Scheme scheme) {
        if (!chosen.charset().equals(EncodingSniffer.GB18030) || chosen.bomLength() > 0) {
            return chosen;
        }
        for (DetectedEncoding other : EncodingSniffer.alternatives(chosen, sample, length, wholeFile)) {
            if (!other.charset().name().startsWith("Big5")) {
                continue;
            }
            String big5 = EncodingSniffer.preview(other, sample, length);
            if (!EncodingSniffer.Script.TRADITIONAL.reads(big5)) {
                return chosen;
            }
            Set<String> known = knownWords(scheme);
            long asBig5 = knownCells(big5, known);
            long asGbk = knownCells(EncodingSniffer.preview(chosen, sample, length), known);
            // A clear lead (two cells at least, more than twice GBK's), and a header that still reads if it read before.
            if (asBig5 >= 2 && asBig5 > 2 * asGbk
                    && (!headerRecognized(chosen, sample, length, scheme) || headerRecognized(other, sample, length, scheme))) {
                return new DetectedEncoding(other.charset(), 0, other.evidence() + "; " + asBig5 + " of its cells are places or words the scheme knows"
                        + " read so, " + asGbk + " as GB18030/GBK, which decodes it too");
            }
        }
        return chosen;
    }

    /** The last scheme's known words: a process reads with one scheme at a time. */
    private static volatile Map.Entry<Scheme, Set<String>> knownWordsOf;

    /** The cells of a scheme's lookup tables and map rules, as lookups compare them (any case, traditional as simplified). */
    private static Set<String> knownWords(Scheme scheme) {
        Map.Entry<Scheme, Set<String>> last = knownWordsOf;
        if (last != null && last.getKey() == scheme) {
            return last.getValue();
        }
        Set<String> known = new HashSet<>();
        scheme.tables().values().forEach(t -> t.keySet().forEach(k -> known.add(Text.lookupKey(k))));
        scheme.dimensions().forEach(d -> d.rules().forEach(r -> {
            if (r != null && r.map() != null) {
                r.map().keySet().forEach(k -> known.add(Text.lookupKey(k)));
            }
        }));
        knownWordsOf = Map.entry(scheme, Set.copyOf(known));
        return known;
    }

    /** How many of the non-ASCII cells of a decoded sample are {@code known} words. */
    private static long knownCells(String preview, Set<String> known) {
        Character declared = declaredDelimiter(preview);
        char delimiter = declared != null ? declared : DelimiterSniffer.sniff(preview);
        long n = 0;
        for (List<String> row : sampleRows(preview, delimiter, 0)) {
            for (String cell : row) {
                if (cell.chars().anyMatch(c -> c >= 0x80) && known.contains(Text.lookupKey(cell))) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Most lines a header is looked for after: a report's title, its date, an empty row. */
    static final int MAX_LINES_BEFORE_HEADER = 5;

    /** Whether a line that names no column may come before the header: at most two cells with text (a title, {@code 导出日期：…}). */
    private static boolean titleLike(List<String> cells) {
        return cells.stream().filter(c -> !c.isBlank()).count() <= 2;
    }

    private static boolean nextRecord(CloseableIterator<CsvRecord> records) throws IOException {
        try {
            return records.hasNext();
        } catch (CsvParseException e) {
            return false;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static boolean headerRecognized(DetectedEncoding encoding, byte[] sample, int length, Scheme scheme) {
        String preview = EncodingSniffer.preview(encoding, sample, length);
        Character declared = declaredDelimiter(preview);
        char delimiter = declared != null ? declared : DelimiterSniffer.sniff(preview);
        try (CsvReader<CsvRecord> lines = CsvReader.builder().fieldSeparator(delimiter).skipEmptyLines(true).allowExtraFields(true)
                .allowMissingFields(true).ofCsvRecord(new LoneCrReader(new java.io.StringReader(preview)))) {
            var it = lines.iterator();
            if (declared != null && it.hasNext()) {
                it.next();
            }
            for (int line = 0; line <= MAX_LINES_BEFORE_HEADER && it.hasNext(); line++) {
                List<String> cells = it.next().getFields();
                if (!HeaderMapping.of(cells, scheme).recognized().isEmpty()) {
                    return true;
                }
                if (!titleLike(cells)) {
                    return false;
                }
            }
            return false;
        } catch (CsvParseException | IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** The data rows of the file's first bytes (the last perhaps cut short), for what the file's rows say of themselves. */
    private static List<List<String>> sampleRows(String preview, char delimiter, int leading) {
        List<List<String>> rows = new java.util.ArrayList<>();
        try (CsvReader<CsvRecord> sample = CsvReader.builder().fieldSeparator(delimiter).skipEmptyLines(true).allowExtraFields(true)
                .allowMissingFields(true).ofCsvRecord(new LoneCrReader(new java.io.StringReader(preview)))) {
            int n = 0;
            for (CsvRecord r : sample) {
                if (n++ >= leading) {
                    rows.add(r.getFields());
                }
            }
        } catch (CsvParseException | IOException | UncheckedIOException e) {
            // A sample that does not parse to its end says what its rows before that said.
        }
        return rows;
    }

    private static final Pattern SEP_LINE = Pattern.compile("\"?sep=([^\\r\\n\"])\"?[ \\t]*(\\r\\n|\\r|\\n)");

    /**
     * The delimiter a first line {@code sep=;} declares (Excel writes it, and reads a file by it, where
     * the list separator is not a comma), or null without one.
     */
    static Character declaredDelimiter(String preview) {
        Matcher m = SEP_LINE.matcher(preview);
        return m.lookingAt() ? m.group(1).charAt(0) : null;
    }

    /**
     * Records before the first data record: the header, Excel's {@code sep=} line before it when there
     * is one, and the lines of a title before it ({@link #MAX_LINES_BEFORE_HEADER}).
     */
    public int leadingRecords() {
        return leadingRecords;
    }

    /** The line the header was found on (1 unless a title or a {@code sep=} line came first). */
    public long headerLine() {
        return headerLine;
    }

    /** The line the header ends on: its own, unless a quoted header cell holds a line break. */
    public long headerEndLine() {
        return headerEndLine;
    }

    /** Line breaks in a cell: CRLF, LF or a lone CR, each one. */
    private static long lineBreaks(String cell) {
        long n = 0;
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= cell.length() || cell.charAt(i + 1) != '\n'))) {
                n++;
            }
        }
        return n;
    }

    /**
     * Opens a reader on one chunk of a file ({@link ChunkPlanner}): its bytes only, read with the
     * whole file's encoding, delimiter and header, its rows numbered by their lines in the file.
     *
     * @param chunk     the chunk's bytes (no byte-order mark, no header)
     * @param firstLine the line the chunk's first record starts on
     */
    public static CustomerCsvReader openChunk(InputStream chunk, DetectedEncoding encoding, char delimiter, HeaderMapping header,
                                              long firstLine, CsvLimits limits) {
        QuoteTracker quotes = text(new BufferedInputStream(chunk, SNIFF_BYTES), encoding, delimiter);
        CsvReader<CsvRecord> csv = parser(quotes, delimiter, limits);
        CustomerCsvReader reader = new CustomerCsvReader(csv, csv.iterator(), encoding, delimiter, header, limits, firstLine - 1);
        reader.quotes = quotes;
        return reader;
    }

    /** The decoded text of the bytes, lone CRs as line breaks, its quotes followed. */
    private static QuoteTracker text(InputStream in, DetectedEncoding encoding, char delimiter) {
        // Replace, don't fail: one badly encoded row (a file pasted together from two encodings)
        // is rejected on its own, with its line number, instead of failing the whole import.
        var decoder = encoding.charset().newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        java.io.Reader decoded = CurrencySignReader.of(new InputStreamReader(in, decoder), encoding.charset());
        return new QuoteTracker(new LoneCrReader(decoded), delimiter);
    }

    private static CsvReader<CsvRecord> parser(java.io.Reader text, char delimiter, CsvLimits limits) {
        return CsvReader.builder()
                .fieldSeparator(delimiter)
                .skipEmptyLines(true)
                .allowExtraFields(true)
                .allowMissingFields(true)
                .maxBufferSize(limits.maxRecordChars() * 2 + 1024)
                .ofCsvRecord(text);
    }

    public DetectedEncoding encoding() {
        return encoding;
    }

    public char delimiter() {
        return delimiter;
    }

    /** What the first rows' dates said of their order when they disagreed ({@link HeaderMapping.DateOrder#disagreement}), else empty. */
    public java.util.Optional<String> mixedDateOrders() {
        return java.util.Optional.ofNullable(mixedDateOrders);
    }

    public HeaderMapping header() {
        return header;
    }

    /** The line the last record returned started on (1 before any). */
    public long lastLine() {
        return lastLine;
    }

    /**
     * @throws InputFormatException when the rest of the file cannot be parsed (e.g. a quote that
     *                              is never closed makes a record longer than the limit)
     */
    public boolean hasNext() throws InputFormatException, IOException {
        while (true) {
            if (unclosed != null) {
                return true;
            }
            try {
                boolean readPastOne = false;
                while (pending == null && records.hasNext()) {
                    CsvRecord rec = records.next();
                    if (quotes != null && quotes.endedInQuotes() && !records.hasNext()) {
                        // The last record, and the text ended inside its quote: the parser took every line after
                        // the quote into its cell. Read past the quote's line (or, without the bytes again, reject the record).
                        if (source != null && readPast < MAX_READ_PAST) {
                            readPast(linesBefore + rec.getStartingLineNumber(), null);
                            readPastOne = true;
                            break;
                        }
                        pending = rec;
                        pendingProblem = "a quote opened in this line is never closed: the lines after it, to the end of the file,"
                                + " are in this record, which is rejected";
                        break;
                    }
                    if (rec.getFields().stream().anyMatch(c -> !Text.normalize(c).isEmpty())) {
                        pending = rec;
                    }
                    // Otherwise delimiters and blanks only (",,,,": Excel writes one for a formatted row left
                    // empty; a DOS end-of-file byte, ^Z, after the last line: nothing cleaning keeps): no row, as an empty line is none.
                }
                if (readPastOne) {
                    continue;
                }
                return pending != null;
            } catch (CsvParseException e) {
                Matcher started = STARTED.matcher(String.valueOf(e.getMessage()));
                // The parser's first record has no line in its message: the first after the lines read past (or of a chunk).
                boolean first = String.valueOf(e.getMessage()).contains("first record");
                if (source == null || readPast == MAX_READ_PAST || !first && !started.find()) {
                    throw new InputFormatException(InputFormatException.Kind.UNREADABLE,
                            "after line " + (lastLine) + ": " + message(e, lineOffset + linesBefore) + "; the rest of the file was not read");
                }
                readPast(linesBefore + (first ? 1 : Long.parseLong(started.group(1))), e.getCause() != null ? e.getCause().getMessage() : null);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }

    /**
     * Reads on after an unclosed quote: {@link #source} is read again from its start, past the lines
     * before the record that could not be read and past that record's first line (where its quote
     * opened), which is returned as a rejected row; the lines after it are read as records again.
     * What a quote never closed costs is its line, not the rest of the file (or chunk).
     *
     * @param line  the record's first line, counted from the source's first (1)
     * @param cause what the parser said of the record, if anything (too many fields, a field too long)
     */
    private void readPast(long line, String cause) throws IOException {
        readPast++;
        csv.close();
        InputStream in = source.open();
        in.skipNBytes(sourceSkip);
        var decoder = encoding.charset().newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        java.io.BufferedReader text = new java.io.BufferedReader(new LoneCrReader(new InputStreamReader(in, decoder)), SNIFF_BYTES);
        StringBuilder first = new StringBuilder();
        long at = 1;
        long length = 0;
        boolean quote = false;
        int c;
        while (at <= line && (c = text.read()) >= 0) {
            if (at == line && c != '\r' && c != '\n') {
                length++;
                quote |= c == '"';
                if (first.length() < limits.maxRecordChars()) {
                    first.append((char) c);
                }
            }
            if (c == '\r') {
                text.mark(1);
                if (text.read() != '\n') {
                    text.reset();
                }
                at++;
            } else if (c == '\n') {
                at++;
            }
        }
        unclosed = new CsvRow(line + lineOffset, List.of(first.toString()), unreadable(cause, length, quote)
                + ": this line is rejected and the lines after it are read");
        quotes = new QuoteTracker(text, delimiter);
        csv = parser(quotes, delimiter, limits);
        records = csv.iterator();
        linesBefore = line;
    }

    private static final Pattern TOO_MANY_FIELDS = Pattern.compile("maximum limit of (\\d+) fields");

    /**
     * Why a line the parser could not read as a record is rejected: what the parser said when it
     * counted too many fields; a line longer than a record is read to; else a quote that does not
     * close (never, with text after it, or not within what a record is read to).
     */
    private String unreadable(String cause, long length, boolean quote) {
        Matcher fields = TOO_MANY_FIELDS.matcher(String.valueOf(cause));
        if (fields.find()) {
            return "the record has more than " + String.format("%,d", Long.parseLong(fields.group(1))) + " fields (at most "
                    + String.format("%,d", limits.maxColumns()) + " are read)";
        }
        if (length > limits.maxRecordChars() || !quote) {
            return "the line is " + String.format("%,d", length) + " characters long, more than a record is read to (the limit is "
                    + String.format("%,d", limits.maxRecordChars()) + ")";
        }
        return "a quote opened in this line does not close as CSV requires (never, with more text after it, or not within the "
                + String.format("%,d", limits.maxRecordChars()) + " characters a record is read to)";
    }

    /**
     * Reads past a quote never closed instead of stopping there ({@link #readPast}), reading
     * {@code source} again: the same bytes as this reader's, from the object's (or the chunk's) first.
     */
    public CustomerCsvReader readingPastUnclosedQuotes(Source source) {
        this.source = source;
        return this;
    }

    /**
     * A second reader of the same bytes from their first record, read as this one reads them (the
     * encoding, delimiter and header it found: nothing is sniffed again), reading past unclosed
     * quotes too. For a pass over the rows ahead of this reader ({@link #readingPastUnclosedQuotes}
     * must have given the source).
     */
    public CustomerCsvReader reopened() throws IOException {
        if (source == null) {
            throw new IllegalStateException("no source to open the bytes again");
        }
        InputStream in = source.open();
        try {
            in.skipNBytes(sourceSkip);
            QuoteTracker text = text(new BufferedInputStream(in, SNIFF_BYTES), encoding, delimiter);
            CsvReader<CsvRecord> parser = parser(text, delimiter, limits);
            CloseableIterator<CsvRecord> it = parser.iterator();
            for (int i = 0; i < leadingRecords && it.hasNext(); i++) {
                it.next(); // the header (and Excel's sep= line), read by this reader already
            }
            CustomerCsvReader again = new CustomerCsvReader(parser, it, encoding, delimiter, header, limits, lineOffset);
            again.leadingRecords = leadingRecords;
            again.sourceSkip = sourceSkip;
            again.quotes = text;
            again.source = source;
            return again;
        } catch (CsvParseException | UncheckedIOException | IOException e) {
            in.close();
            throw e instanceof UncheckedIOException u ? u.getCause() : e instanceof IOException io ? io
                    : new IOException("the header cannot be read again: " + e.getMessage(), e);
        }
    }

    public CsvRow next() throws InputFormatException, IOException {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (unclosed != null) {
            CsvRow row = unclosed;
            unclosed = null;
            lastLine = row.line();
            return row;
        }
        CsvRecord rec = pending;
        pending = null;
        lastLine = rec.getStartingLineNumber() + lineOffset + linesBefore;
        List<String> cells = rec.getFields();
        String problem = pendingProblem != null ? pendingProblem : problem(cells);
        pendingProblem = null;
        if (problem == null && cells.size() > header.columns()) {
            // Blank cells past the header's columns (Excel's trailing delimiters) are dropped, so a
            // batch of accepted rows holds no more cells than the header has columns.
            cells = List.copyOf(cells.subList(0, header.columns()));
        }
        return new CsvRow(lastLine, cells, problem);
    }

    /**
     * A character of UTF-8 read as Windows-1252: a lead byte of a two-byte sequence (Â–ß) then a
     * continuation byte (0x80–0xBF, which Windows-1252 reads as €‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ and NBSP to ¿):
     * {@code Ã¼} for ü, {@code Ã©} for é. Western European text has no such pair.
     */
    private static final Pattern UTF8_AS_1252 = Pattern.compile(
            "[\u00C2-\u00DF][\u00A0-\u00BF\u20AC\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u017D"
                    + "\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u017E\u0178]");

    private String problem(List<String> cells) {
        if (cells.size() > limits.maxColumns()) {
            return "record has " + cells.size() + " fields; at most " + limits.maxColumns() + " are read";
        }
        long chars = 0;
        boolean replaced = false;
        boolean nul = false;
        for (String c : cells) {
            chars += c.length() + 1;
            replaced |= c.indexOf('\uFFFD') >= 0;
            nul |= c.indexOf('\u0000') >= 0;
        }
        if (chars > limits.maxRecordChars()) {
            return "record is " + chars + " characters long; the limit is " + limits.maxRecordChars();
        }
        if (replaced) {
            return "bytes that are not valid " + encoding.charset().name() + " (was this line pasted from a file in another encoding?)";
        }
        if (nul) {
            // No customer list holds one: a damaged line (the file itself is text, or it would not be read at all).
            return "a NUL character (a damaged line?)";
        }
        if (encoding.charset().name().equals("windows-1252") && cells.stream().anyMatch(c -> UTF8_AS_1252.matcher(c).find())) {
            // A line pasted from a UTF-8 file into a Windows-1252 one: read so, Jürgen would be stored as JÃ¼rgen.
            return "UTF-8 text in a Windows-1252 file (" + cells.stream().map(UTF8_AS_1252::matcher).filter(java.util.regex.Matcher::find)
                    .map(java.util.regex.Matcher::group).findFirst().orElse("") + " is how it reads): this line is in another encoding than"
                    + " the rest; save the file as CSV UTF-8";
        }
        int expected = header.columns();
        if (cells.size() > expected) {
            for (int i = expected; i < cells.size(); i++) {
                if (!cells.get(i).isBlank()) {
                    return "expected " + expected + " fields, found " + cells.size() + " (an unquoted delimiter in a value?)";
                }
            }
        } else if (cells.size() < expected) {
            return "expected " + expected + " fields, found " + cells.size();
        }
        return null;
    }

    /**
     * The same line with the cells of personal columns masked ({@link dev.custcode.customer.PersonalData}):
     * what {@code imports/} holds; the full line goes under {@code private/} only.
     */
    public String maskedRawLine(List<String> cells, dev.custcode.scheme.Scheme scheme) {
        // A line with more or fewer cells than the header has its values shifted (an unquoted
        // delimiter in a name puts the phone under the email column and the email past the last
        // one), and a cell holding a line break swallowed the lines after an unclosed quote: their
        // positions say nothing of what they hold, so every such cell is masked.
        // The first cell is where its column is whatever came after it (a delimiter or quote can only move the
        // cells after it), so it is masked as its column's, unless it holds more than one cell's worth (a line
        // read whole, a phone or email in it): that names the row (its id) for whoever fixes it.
        boolean shifted = cells.size() != header.columns();
        List<String> masked = new java.util.ArrayList<>(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            String field = header.field(i);
            String cell = cells.get(i);
            boolean inPlace = !shifted || i == 0 && cell.indexOf(delimiter) < 0 && cell.indexOf('"') < 0
                    && dev.custcode.customer.PersonalData.scrub(cell).equals(cell);
            if (!inPlace || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
                masked.add(dev.custcode.customer.PersonalData.maskAny(cell));
            } else {
                masked.add(field != null ? dev.custcode.customer.PersonalData.masked(field, cell, scheme) : cell);
            }
        }
        return rawLine(masked);
    }

    /** Re-encodes cells as one CSV line for the rejection file, each cell guarded against formulas. */
    public String rawLine(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(delimiter);
            }
            // Guarded like every cell we write: whoever pastes this line back into a sheet split
            // by this file's delimiter gets its cells, none of them a formula. (The line itself is
            // one quoted cell of rejected.csv.)
            String c = FormulaGuard.guard(cells.get(i));
            if (c.indexOf(delimiter) >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                sb.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static final Pattern STARTED = Pattern.compile("started in line (\\d+)");

    private static String message(CsvParseException e, long lineOffset) {
        Throwable t = e.getCause() != null ? e.getCause() : e;
        String m = t.getMessage() != null ? t.getMessage() : e.getMessage();
        // FastCSV gives no message when a record outgrows its buffer (twice the record limit).
        m = m != null ? m : "a record too long to read (a quote that is never closed?)";
        // Its line numbers count from where this reader began (a chunk's first line): told as the file's.
        Matcher started = STARTED.matcher(String.valueOf(e.getMessage()));
        if (started.find()) {
            long line = Long.parseLong(started.group(1)) + lineOffset;
            m = m.contains("started in line") ? STARTED.matcher(m).replaceAll("started in line " + line)
                    : "the record that starts at line " + line + ": " + m;
        }
        return m;
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
