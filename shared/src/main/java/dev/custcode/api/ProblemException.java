package dev.custcode.api;

/**
 * An HTTP problem (RFC 9457 {@code application/problem+json}): the status, a short title and a
 * detail saying what exactly is wrong.
 */
public final class ProblemException extends RuntimeException {
    private final int status;
    private final String title;
    private final String location;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, null);
    }

    private ProblemException(int status, String title, String detail, String location) {
        super(detail);
        this.status = status;
        this.title = title;
        this.location = location;
    }

    /** 301: what was asked for lives at {@code location} now (a merged customer's survivor). */
    public static ProblemException movedPermanently(String location, String detail) {
        return new ProblemException(301, "Moved Permanently", detail, location);
    }

    /** Where the caller should go instead, or null. */
    public String location() {
        return location;
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad Request", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
