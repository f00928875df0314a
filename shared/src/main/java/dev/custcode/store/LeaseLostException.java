package dev.custcode.store;

/** Another invocation took over an import whose lease this one let expire; this run must stop. */
public final class LeaseLostException extends RuntimeException {
    public LeaseLostException(String importId) {
        super("lost the lease on import " + importId + " to another invocation");
    }
}
