package dev.custcode.store;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A value read again once it is older than its time to live: the API's view of the scheme, the
 * access rules and search indexes, which change with uploads and exports.
 *
 * <p>Ages are measured on the wall clock, not {@code System.nanoTime}: after a SnapStart restore
 * nanoTime goes on from the snapshot's, so a value read before the snapshot would look fresh
 * however old it is. A clock that stepped back also counts as expired.
 */
public final class Expiring<T> implements Supplier<T> {
    private final Supplier<T> read;
    private final long ttlMillis;
    private T value;
    private long readAt;
    private boolean loaded;

    public Expiring(Duration ttl, Supplier<T> read) {
        this.read = read;
        this.ttlMillis = ttl.toMillis();
    }

    @Override
    public synchronized T get() {
        long now = System.currentTimeMillis();
        if (!loaded || now - readAt > ttlMillis || now < readAt) {
            value = read.get();
            readAt = now;
            loaded = true;
        }
        return value;
    }
}
