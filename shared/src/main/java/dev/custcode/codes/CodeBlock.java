package dev.custcode.codes;

/**
 * A reserved, contiguous range of sequence numbers for one prefix: {@code first..last} inclusive.
 * Nobody else can ever be given a number in it.
 */
public record CodeBlock(String prefix, long first, long last) {
    public CodeBlock {
        if (first < 1 || last < first) {
            throw new IllegalArgumentException("bad block " + prefix + " " + first + ".." + last);
        }
    }

    public int size() {
        return Math.toIntExact(last - first + 1);
    }
}
