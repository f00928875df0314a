package dev.custcode.scheme;

/** Supplies the scheme in force (the built-in default, or an operator's validated upload). */
@FunctionalInterface
public interface SchemeSource {
    Scheme current();

    /** The built-in default scheme. */
    static SchemeSource builtIn() {
        return SchemeLoader::defaultScheme;
    }
}
