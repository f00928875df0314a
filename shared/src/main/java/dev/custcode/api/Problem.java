package dev.custcode.api;

/**
 * An RFC 9457 problem as the API answers it ({@code application/problem+json}; openapi.yaml, response
 * {@code Problem}): {@code type} is always {@code about:blank}, the title the status's.
 */
public record Problem(String type, String title, int status, String detail) {
    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail);
    }
}
