package dev.custcode.scheme;

/** Supplies the scheme in force (the built-in default, or an operator's validated upload). */
@FunctionalInterface
public interface SchemeSource {
    Scheme current();

    /**
     * This source, read at most once per {@code ttl}: for readers that ask on every request (the
     * API), where a scheme change may take that long to show.
     */
    default SchemeSource cached(java.time.Duration ttl) {
        SchemeSource source = this;
        return new SchemeSource() {
            private Scheme scheme;
            private long readAt;

            @Override
            public synchronized Scheme current() {
                long now = System.nanoTime();
                if (scheme == null || now - readAt > ttl.toNanos()) {
                    scheme = source.current();
                    readAt = now;
                }
                return scheme;
            }
        };
    }

    /** The built-in default scheme. */
    static SchemeSource builtIn() {
        return SchemeLoader::defaultScheme;
    }
}
