package dev.custcode.testing;

import dev.custcode.codes.CodeAllocator;
import dev.custcode.codes.CodeBlock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** The counters table: ADD-style reservations of code blocks, and the numbers given back. */
public final class InMemoryCodeAllocator implements CodeAllocator {
    public final Map<String, Long> last = new ConcurrentHashMap<>();

    @Override
    public CodeBlock reserve(String prefix, int count) {
        long end = last.merge(prefix, (long) count, Long::sum);
        return new CodeBlock(prefix, end - count + 1, end);
    }

    @Override
    public long peek(String prefix) {
        return last.getOrDefault(prefix, 0L);
    }

    public final Map<String, TreeSet<Long>> free = new ConcurrentHashMap<>();

    @Override
    public synchronized void release(String prefix, Collection<Long> numbers) {
        free.computeIfAbsent(prefix, p -> new TreeSet<>()).addAll(numbers);
    }

    @Override
    public synchronized List<Long> reclaim(String prefix, int max) {
        TreeSet<Long> set = free.getOrDefault(prefix, new TreeSet<>());
        List<Long> taken = set.stream().limit(max).toList();
        taken.forEach(set::remove);
        return taken;
    }
}
