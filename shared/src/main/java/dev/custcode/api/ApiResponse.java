package dev.custcode.api;

/** A status, a content type and a body. */
public record ApiResponse(int status, String contentType, String body) {
}
