package dev.custcode.scheme;

/** One problem in a scheme document, located by JSON path, e.g. {@code $.dimensions[1].values[0].folder}. */
public record SchemeError(String path, String problem) {
    @Override
    public String toString() {
        return path + ": " + problem;
    }
}
