package dev.custcode.csv;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a CSV file into chunks of whole records, in one streaming pass over its bytes, so that
 * chunks can be read and imported independently ({@link CustomerCsvReader#openChunk}).
 *
 * <p>Why bytes and not decoded text: a chunk is read back with an S3 range request, which needs
 * byte offsets. Record ends are found by the same rules the reader follows: a line break ends a
 * record unless it is inside a quoted field, and a field is quoted only when a quote opens it
 * (a quote inside an unquoted field is data). In UTF-8 and GB18030/GBK the quote, the delimiter
 * and line breaks are single bytes that never occur inside a multi-byte character; UTF-16 is
 * scanned in two-byte units.
 *
 * <p>Line numbers count every line break (also those inside quoted fields, and empty lines), as
 * the reader's line numbers do: a chunk's first record starts on {@link Chunk#firstLine()}.
 */
public final class ChunkPlanner {
    private ChunkPlanner() {
    }

    /**
     * A run of whole records.
     *
     * @param index     0, 1, 2 … in file order
     * @param start     offset of its first byte in the file
     * @param end       offset after its last byte
     * @param firstLine the line its first record starts on (the header is line 1)
     * @param records   how many records (lines of data, empty ones included) it holds
     */
    public record Chunk(int index, long start, long end, long firstLine, long records) {
        public long bytes() {
            return end - start;
        }
    }

    /**
     * Plans the chunks of a file.
     *
     * @param in              the file from its first byte (byte-order mark included)
     * @param encoding        as sniffed ({@link EncodingSniffer}), for its unit size and BOM length
     * @param delimiter       as sniffed
     * @param recordsPerChunk how many records a chunk holds at most
     * @return the chunks after the header line, in order; empty when the file has no data record
     */
    public static List<Chunk> plan(InputStream in, DetectedEncoding encoding, char delimiter, long recordsPerChunk) throws IOException {
        return plan(in, encoding, delimiter, recordsPerChunk, 1L);
    }

    /**
     * {@link #plan(InputStream, DetectedEncoding, char, long)} of a file whose header ends on line
     * {@code headerEndLine}: what starts on it or before (the header, Excel's {@code sep=} line, a
     * report's title, empty lines) is no data ({@link CustomerCsvReader#headerEndLine()}).
     */
    public static List<Chunk> plan(InputStream in, DetectedEncoding encoding, char delimiter, long recordsPerChunk, long headerEndLine)
            throws IOException {
        String cs = encoding.charset().name();
        boolean utf16 = cs.startsWith("UTF-16");
        boolean bigEndian = cs.equals("UTF-16BE") || cs.equals("UTF-16");
        Scanner s = new Scanner(delimiter, recordsPerChunk, headerEndLine);
        byte[] buf = new byte[64 * 1024];
        long offset = 0;
        int skip = encoding.bomLength();
        int pending = -1;
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++, offset++) {
                if (offset < skip) {
                    continue;
                }
                int b = buf[i] & 0xFF;
                if (!utf16) {
                    s.unit(b, offset, offset + 1);
                } else if (pending < 0) {
                    pending = b;
                } else {
                    int unit = bigEndian ? (pending << 8) | b : (b << 8) | pending;
                    pending = -1;
                    s.unit(unit, offset - 1, offset + 1);
                }
            }
        }
        return s.finish(offset);
    }

    /** The record-boundary state machine, fed one code unit (a byte, or a UTF-16 unit) at a time. */
    private static final class Scanner {
        private final int delimiter;
        private final long perChunk;
        private final List<Chunk> chunks = new ArrayList<>();
        /** The last line of what comes before data: records starting on it or before are none. */
        private final long headerEndLine;
        private boolean inRecord;
        private boolean quoted;
        private boolean quoteInQuoted;
        private boolean fieldStart = true;
        private boolean afterCr;
        private long line = 1;
        private long chunkStart = -1;
        private long chunkFirstLine;
        private long chunkRecords;

        Scanner(char delimiter, long perChunk, long headerEndLine) {
            this.delimiter = delimiter;
            this.perChunk = perChunk;
            this.headerEndLine = headerEndLine;
        }

        void unit(int u, long at, long after) {
            if (afterCr) {
                afterCr = false;
                if (u == '\n') {
                    return; // CRLF: one line break, counted at the CR
                }
            }
            if (!inRecord) {
                startRecord(at);
            }
            if (quoted) {
                if (quoteInQuoted) {
                    quoteInQuoted = false;
                    if (u == '"') {
                        return; // "" inside a quoted field: an escaped quote
                    }
                    quoted = false; // the previous quote closed the field; this unit is read as outside quotes
                } else {
                    if (u == '"') {
                        quoteInQuoted = true;
                    } else if (u == '\n' || u == '\r') {
                        line++;
                        afterCr = u == '\r';
                    }
                    return;
                }
            }
            if (u == '"' && fieldStart) {
                quoted = true;
                fieldStart = false;
            } else if (u == delimiter) {
                fieldStart = true;
            } else if (u == '\n' || u == '\r') {
                line++;
                afterCr = u == '\r';
                inRecord = false;
                fieldStart = true;
            } else {
                fieldStart = false;
            }
        }

        /** A record starts at this offset: the header, or the next data record of the current (or a new) chunk. */
        private void startRecord(long at) {
            inRecord = true;
            if (line <= headerEndLine) {
                return; // the header, or a line before it
            }
            if (chunkStart >= 0 && chunkRecords == perChunk) {
                chunks.add(new Chunk(chunks.size(), chunkStart, at, chunkFirstLine, chunkRecords));
                chunkStart = -1;
            }
            if (chunkStart < 0) {
                chunkStart = at;
                chunkFirstLine = line;
                chunkRecords = 0;
            }
            chunkRecords++;
        }

        List<Chunk> finish(long length) {
            if (chunkStart >= 0) {
                chunks.add(new Chunk(chunks.size(), chunkStart, length, chunkFirstLine, chunkRecords));
            }
            return chunks;
        }
    }

}
