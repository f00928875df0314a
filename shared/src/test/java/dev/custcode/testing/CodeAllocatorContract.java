package dev.custcode.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.codes.CodeAllocator;
import dev.custcode.codes.CodeBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CodeAllocator} does: blocks of consecutive numbers per prefix that never
 * overlap, even reserved at the same time; a peek that consumes nothing; numbers given back and
 * taken again smallest first, each once by one taker. Run against the in-memory fake and, in
 * {@code DynamoCodeAllocatorIT}, against {@code DynamoCodeAllocator} on DynamoDB Local.
 */
public abstract class CodeAllocatorContract {
    private CodeAllocator allocator;

    /** An allocator that has issued nothing, for one test. */
    protected abstract CodeAllocator emptyAllocator() throws Exception;

    @BeforeEach
    void freshAllocator() throws Exception {
        allocator = emptyAllocator();
    }

    @Test
    void blocksFollowOneAnotherPerPrefixAndAPeekConsumesNothing() {
        assertThat(allocator.peek("NED")).isZero();

        CodeBlock first = allocator.reserve("NED", 3);
        CodeBlock second = allocator.reserve("NED", 2);
        CodeBlock other = allocator.reserve("EPO", 1);

        assertThat(List.of(first.first(), first.last())).containsExactly(1L, 3L);
        assertThat(List.of(second.first(), second.last())).containsExactly(4L, 5L);
        assertThat(List.of(other.first(), other.last())).as("each prefix counts on its own").containsExactly(1L, 1L);
        assertThat(allocator.peek("NED")).isEqualTo(5);
        assertThat(allocator.peek("NED")).isEqualTo(5);
        assertThat(allocator.reserve("NED", 1).first()).isEqualTo(6);
    }

    @Test
    void blocksReservedAtTheSameTimeNeverOverlap() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<CodeBlock>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                futures.add(pool.submit(() -> allocator.reserve("NED", 5)));
            }
            List<Long> numbers = new ArrayList<>();
            for (Future<CodeBlock> f : futures) {
                CodeBlock b = f.get();
                LongStream.rangeClosed(b.first(), b.last()).forEach(numbers::add);
            }
            assertThat(numbers).doesNotHaveDuplicates().hasSize(200);
            assertThat(numbers).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
            assertThat(allocator.peek("NED")).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void numbersGivenBackAreTakenSmallestFirstAndOnlyOnce() {
        allocator.reserve("NED", 10);
        allocator.release("NED", List.of(9L, 4L, 7L));
        allocator.release("NED", List.of());

        assertThat(allocator.reclaim("EPO", 5)).as("another prefix's").isEmpty();
        assertThat(allocator.reclaim("NED", 2)).containsExactly(4L, 7L);
        assertThat(allocator.reclaim("NED", 5)).containsExactly(9L);
        assertThat(allocator.reclaim("NED", 5)).isEmpty();
        assertThat(allocator.peek("NED")).as("giving back does not move the counter").isEqualTo(10);
        assertThat(allocator.reserve("NED", 1).first()).isEqualTo(11);
    }
}
