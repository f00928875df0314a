package dev.custcode.csv;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Passes the text to the parser unchanged and follows its quotes by the rules the parser and
 * {@link ChunkPlanner} share (a quote opens a field only at the field's start; {@code ""} inside a
 * quoted field is a quote), so that {@link #endedInQuotes} can say, once the text has ended,
 * whether its last field was still open.
 *
 * <p>Why: a quote never closed before the end of the file makes the parser take every line after
 * it into one cell of the record it opened in, and end that record at the end of the file without
 * an error. That record has the right number of cells when the quote opened its last one, so it
 * would be accepted, with the rows after it inside its note. Told so, {@link CustomerCsvReader}
 * reads past the quote instead, as it does for one the parser fails on.
 */
final class QuoteTracker extends FilterReader {
    private enum State { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED }

    private final char delimiter;
    private State state = State.FIELD_START;
    private boolean ended;

    QuoteTracker(Reader in, char delimiter) {
        super(in);
        this.delimiter = delimiter;
    }

    /** Whether the text has ended inside a quoted field (false before its end). */
    boolean endedInQuotes() {
        return ended && state == State.QUOTED;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c < 0) {
            ended = true;
        } else {
            follow((char) c);
        }
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n < 0) {
            ended = true;
        }
        for (int i = 0; i < n; i++) {
            follow(buffer[offset + i]);
        }
        return n;
    }

    private void follow(char c) {
        boolean lineBreak = c == '\n' || c == '\r';
        state = switch (state) {
            case FIELD_START -> c == '"' ? State.QUOTED : c == delimiter || lineBreak ? State.FIELD_START : State.UNQUOTED;
            case UNQUOTED -> c == delimiter || lineBreak ? State.FIELD_START : State.UNQUOTED;
            case QUOTED -> c == '"' ? State.QUOTE_IN_QUOTED : State.QUOTED;
            case QUOTE_IN_QUOTED -> c == '"' ? State.QUOTED : c == delimiter || lineBreak ? State.FIELD_START : State.UNQUOTED;
        };
    }
}
