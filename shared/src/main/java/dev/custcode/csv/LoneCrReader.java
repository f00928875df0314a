package dev.custcode.csv;

import java.io.FilterReader;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;

/**
 * Reads a carriage return that no line feed follows as a line feed. Outside quotes both end a line
 * (old Mac files), so nothing changes there; inside a quoted cell FastCSV (4.0 to 4.2) keeps a lone
 * CR in the cell but then takes the line feed that ends the record as the second half of a CRLF,
 * and joins the next record to this one. Read as a line feed, the cell keeps a line break, the
 * record ends where it does, and every line keeps its number ({@link ChunkPlanner} counts a lone CR
 * as a line, as the parser does).
 */
final class LoneCrReader extends FilterReader {
    private final PushbackReader source;

    LoneCrReader(Reader in) {
        this(new PushbackReader(in, 1));
    }

    private LoneCrReader(PushbackReader source) {
        super(source);
        this.source = source;
    }

    @Override
    public int read() throws IOException {
        int c = source.read();
        return c == '\r' && !lineFeedNext() ? '\n' : c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = source.read(buffer, offset, length);
        int end = offset + n;
        for (int i = offset; i < end; i++) {
            if (buffer[i] == '\r' && !(i + 1 < end ? buffer[i + 1] == '\n' : lineFeedNext())) {
                buffer[i] = '\n';
            }
        }
        return n;
    }

    /** Whether the next character is a line feed, left to be read. */
    private boolean lineFeedNext() throws IOException {
        int next = source.read();
        if (next >= 0) {
            source.unread(next);
        }
        return next == '\n';
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip is not supported");
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
