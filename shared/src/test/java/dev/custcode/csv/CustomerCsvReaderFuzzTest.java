package dev.custcode.csv;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.custcode.scheme.Scheme;
import dev.custcode.scheme.SchemeLoader;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * The reader's contract under arbitrary bytes: it either opens and yields rows (each carrying
 * its own problem, if any), or throws {@link InputFormatException}. Anything else (a runtime
 * exception, an IOException from an in-memory stream, a hang) is a bug that would crash-loop a
 * Lambda on a user's file.
 *
 * <p>In a plain {@code mvn test} this runs the seeds in
 * {@code src/test/resources/dev/custcode/csv/CustomerCsvReaderFuzzTestInputs/readerNeverThrowsUndocumented}
 * as regression tests; {@code JAZZER_FUZZ=1 mvn test -Dtest=CustomerCsvReaderFuzzTest} fuzzes.
 */
class CustomerCsvReaderFuzzTest {
    private static final Scheme SCHEME = SchemeLoader.defaultScheme();
    private static final CsvLimits SMALL = CsvLimits.DEFAULT.withMaxRecordChars(4096);

    @FuzzTest(maxDuration = "60s")
    void readerNeverThrowsUndocumented(byte[] input) throws IOException {
        try (CustomerCsvReader reader = CustomerCsvReader.open(new ByteArrayInputStream(input), SCHEME, SMALL)) {
            while (reader.hasNext()) {
                CsvRow row = reader.next();
                if (row.line() < 2) {
                    throw new AssertionError("a data row cannot start before line 2: " + row.line());
                }
                if (row.ok()) {
                    reader.header().values(row.cells());
                }
                reader.rawLine(row.cells());
            }
        } catch (InputFormatException expected) {
            if (expected.getMessage() == null || expected.getMessage().isBlank()) {
                throw new AssertionError("an input error must say why", expected);
            }
        }
    }
}
