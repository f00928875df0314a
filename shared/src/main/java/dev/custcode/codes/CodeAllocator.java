package dev.custcode.codes;
import java.util.Collection;
import java.util.List;

/**
 * Hands out code sequence numbers in blocks.
 *
 * <p>Why blocks: one atomic counter update per prefix per batch instead of one per customer. A
 * block of 1,000 costs the same single request as a block of 1, so allocation never limits
 * ingest, and the counter item is not a hot key.
 */
public interface CodeAllocator {

    /** Reserves {@code count} consecutive numbers for {@code prefix}. */
    CodeBlock reserve(String prefix, int count);

    /** The last number issued (reserved) for a prefix, 0 if none; reads, never consumes. */
    long peek(String prefix);

    /**
     * Gives back numbers reserved and never given (an import's leftovers, its customers having
     * lost races to other imports), for the next import of the prefix to use before it reserves.
     */
    void release(String prefix, Collection<Long> numbers);

    /**
     * Takes up to {@code max} released numbers, smallest first. Two takers may get the same
     * number: a customer is created under its code conditionally, so only one can use it.
     */
    List<Long> reclaim(String prefix, int max);
}
