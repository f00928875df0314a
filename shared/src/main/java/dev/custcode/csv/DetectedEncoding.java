package dev.custcode.csv;

import java.nio.charset.Charset;

/**
 * The encoding a file was read with and how it was decided.
 *
 * @param charset   the charset used to decode the file
 * @param bomLength bytes of byte-order mark skipped before the first character
 * @param evidence  how it was decided, for the import report ({@code "BOM"}, {@code "valid UTF-8"} …)
 */
public record DetectedEncoding(Charset charset, int bomLength, String evidence) {
}
