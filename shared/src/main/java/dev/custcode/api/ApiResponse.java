package dev.custcode.api;

/** A status, a content type, a body, and the {@code Location} of a redirect (else null). */
public record ApiResponse(int status, String contentType, String body, String location) {
    public ApiResponse(int status, String contentType, String body) {
        this(status, contentType, body, null);
    }
}
