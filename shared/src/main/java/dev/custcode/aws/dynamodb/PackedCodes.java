package dev.custcode.aws.dynamodb;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A set of customer codes in a few bytes, for the lists an import keeps of the customers it
 * created and changed (DynamoDB bills a write by the KB: a thousand codes as a string set are
 * about 10 KB, 10 write units for every thousand rows; packed, about one).
 *
 * <p>Each code is split into its head and its trailing digits ({@code NED000042}: {@code NED},
 * six digits, 42). Codes of one head and width are stored as the head once, then the gaps between
 * their numbers in ascending order as variable-length integers; the whole is deflated. Any string
 * packs and unpacks to itself, digits or none.
 */
final class PackedCodes {
    /** More trailing digits than a long holds are kept in the head. */
    private static final int MAX_WIDTH = 18;

    private PackedCodes() {
    }

    /** Codes that share a head and the width of their number. */
    private record Group(String head, int width) {
    }

    static byte[] pack(Collection<String> codes) {
        Map<Group, SortedSet<Long>> groups = new HashMap<>();
        for (String code : codes) {
            int digits = code.length();
            while (digits > 0 && code.length() - digits < MAX_WIDTH && isDigit(code.charAt(digits - 1))) {
                digits--;
            }
            int width = code.length() - digits;
            groups.computeIfAbsent(new Group(code.substring(0, digits), width), k -> new TreeSet<>())
                    .add(width == 0 ? 0L : Long.parseLong(code.substring(digits)));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarLong(out, groups.size());
        groups.forEach((group, numbers) -> {
            byte[] head = group.head().getBytes(StandardCharsets.UTF_8);
            writeVarLong(out, head.length);
            out.writeBytes(head);
            writeVarLong(out, group.width());
            writeVarLong(out, numbers.size());
            long previous = 0;
            for (long n : numbers) {
                writeVarLong(out, n - previous);
                previous = n;
            }
        });
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(out.toByteArray());
            deflater.finish();
            ByteArrayOutputStream packed = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (!deflater.finished()) {
                packed.write(buffer, 0, deflater.deflate(buffer));
            }
            return packed.toByteArray();
        } finally {
            deflater.end();
        }
    }

    static List<String> unpack(byte[] packed) {
        byte[] raw = inflate(packed);
        int[] at = {0};
        long groups = readVarLong(raw, at);
        List<String> codes = new ArrayList<>();
        for (long g = 0; g < groups; g++) {
            int headLength = (int) readVarLong(raw, at);
            String head = new String(raw, at[0], headLength, StandardCharsets.UTF_8);
            at[0] += headLength;
            int width = (int) readVarLong(raw, at);
            long count = readVarLong(raw, at);
            long n = 0;
            for (long i = 0; i < count; i++) {
                n += readVarLong(raw, at);
                codes.add(width == 0 ? head : head + String.format("%0" + width + "d", n));
            }
        }
        return codes;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static byte[] inflate(byte[] packed) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(packed);
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalArgumentException("a packed code list ends early");
                }
                raw.write(buffer, 0, n);
            }
            return raw.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("not a packed code list", e);
        } finally {
            inflater.end();
        }
    }

    private static void writeVarLong(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarLong(byte[] in, int[] at) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            if (at[0] >= in.length) {
                throw new IllegalArgumentException("a packed code list ends early");
            }
            byte b = in[at[0]++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }
}
