/**
 * The API function: API Gateway HTTP API events (payload format 2.0) turned into calls of the
 * shared router, and its answers turned back into event responses. Routes, access rules and
 * lookups are in {@code dev.custcode.api}; the handler here is only the adapter, and answers an
 * unexpected failure with a 500 problem logged with the request id.
 * Entry points: {@link HttpApiHandler} (the Lambda handler), {@link dev.custcode.api.ApiRouter}
 * (dispatch by route key), {@link dev.custcode.api.LookupService} (what the routes answer).
 */
package dev.custcode.functions.api;
