package dev.custcode.csv;

import java.util.List;

/**
 * One data record of the input file.
 *
 * @param line    the line number the record starts on (1 = the header line)
 * @param cells   the raw cell values
 * @param problem why the record cannot be used as it stands, or {@code null}
 */
public record CsvRow(long line, List<String> cells, String problem) {
    public boolean ok() {
        return problem == null;
    }
}
