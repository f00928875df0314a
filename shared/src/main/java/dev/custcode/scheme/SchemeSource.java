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
        dev.custcode.store.Expiring<Scheme> scheme = new dev.custcode.store.Expiring<>(ttl, source::current);
        return scheme::get;
    }

    /**
     * The scheme in force as its JSON, so an import can pin it (a retry then classifies as the
     * first run did); null when this source cannot tell (the import then reads {@link #current()}).
     */
    default byte[] currentJson() {
        return null;
    }

    /** The built-in default scheme. */
    static SchemeSource builtIn() {
        return new SchemeSource() {
            @Override
            public Scheme current() {
                return SchemeLoader.defaultScheme();
            }

            @Override
            public byte[] currentJson() {
                return SchemeLoader.defaultSchemeJson();
            }
        };
    }
}
