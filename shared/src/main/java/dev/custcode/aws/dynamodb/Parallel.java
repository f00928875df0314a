package dev.custcode.aws.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs independent DynamoDB requests side by side. Why: DynamoDB's per-request latency, not its
 * throughput, bounds a single thread; a few requests in flight multiply the write rate (measured
 * 3.2k → 6-7k items/s against DynamoDB Local on 2 cores).
 */
final class Parallel {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "dynamodb-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /** For work started from within {@link #map}'s tasks: a pool waiting on its own queue could deadlock. */
    private static final ExecutorService NESTED = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "dynamodb-nested-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private Parallel() {
    }

    /** Applies {@code work} to every chunk concurrently; returns results in chunk order; rethrows the first failure. */
    static <T, R> List<R> map(List<T> chunks, Function<T, R> work) {
        return map(chunks, work, POOL);
    }

    /** As {@link #map}, on a pool of its own: for requests made inside a task of {@link #map} (it never nests further). */
    static <T, R> List<R> mapNested(List<T> chunks, Function<T, R> work) {
        return map(chunks, work, NESTED);
    }

    /** Starts {@code work} on the nested pool (it must not start work of its own on it). */
    static <R> CompletableFuture<R> async(java.util.function.Supplier<R> work) {
        return CompletableFuture.supplyAsync(dev.custcode.logging.LogContext.carried(work::get), NESTED);
    }

    /** The future's result; its failure rethrown as it was thrown. */
    static <R> R join(CompletableFuture<R> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    private static <T, R> List<R> map(List<T> chunks, Function<T, R> work, ExecutorService pool) {
        if (chunks.size() == 1) {
            return java.util.Collections.singletonList(work.apply(chunks.get(0)));
        }
        List<CompletableFuture<R>> futures = new ArrayList<>(chunks.size());
        for (T c : chunks) {
            futures.add(CompletableFuture.supplyAsync(dev.custcode.logging.LogContext.carried(() -> work.apply(c)), pool));
        }
        List<R> out = new ArrayList<>(chunks.size());
        try {
            for (CompletableFuture<R> f : futures) {
                out.add(f.join());
            }
        } catch (CompletionException e) {
            futures.forEach(f -> f.cancel(false));
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
        return out;
    }

    static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            out.add(items.subList(i, Math.min(items.size(), i + size)));
        }
        return out;
    }
}
