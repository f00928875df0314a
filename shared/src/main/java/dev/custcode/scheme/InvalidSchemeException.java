package dev.custcode.scheme;

import java.util.List;
import java.util.stream.Collectors;

/** A scheme document that cannot be used; {@link #errors()} names every problem by JSON path. */
public final class InvalidSchemeException extends Exception {
    private final List<SchemeError> errors;

    public InvalidSchemeException(List<SchemeError> errors) {
        super("invalid scheme: " + errors.stream().map(SchemeError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<SchemeError> errors() {
        return errors;
    }
}
