/**
 * The scheme function: an upload of {@code config/scheme.json} is validated, copied to
 * {@code config/active-scheme.json} only if valid, and answered in {@code config/scheme-status.json}
 * either way. The handler is an adapter; validation and activation are
 * {@link dev.custcode.scheme.SchemeRegistry#submit}'s.
 * Entry points: {@link SchemeUploadedHandler} (the S3 event handler),
 * {@link dev.custcode.scheme.SchemeRegistry} (validate, activate, the scheme in force),
 * {@link dev.custcode.scheme.SchemeLoader} (parsing and validation of a scheme document).
 */
package dev.custcode.functions.scheme;
