/**
 * Reading customer CSV files as Excel and other tools write them: the encoding decided by BOM and
 * strict decoding (UTF-8, GB18030/GBK, UTF-16), the delimiter taken from the header line, header
 * cells mapped to the scheme's fields through their aliases, and rows streamed one at a time within
 * per-record limits. A large file is cut into byte ranges of whole records that are read
 * independently. A file that cannot be read as a whole is an {@link InputFormatException}; a broken
 * record is a problem on its own row.
 * Entry points: {@link CustomerCsvReader} (open a file or a chunk, iterate its rows),
 * {@link HeaderMapping} (header cells to canonical fields), {@link ChunkPlanner} (chunks of whole
 * records), {@link EncodingSniffer} (which encoding, and why).
 */
package dev.custcode.csv;
