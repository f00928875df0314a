/**
 * The HTTP API, independent of API Gateway's event classes: route keys dispatched to lookups of
 * customers (by code, contact or search, with history and explanation), the group tree and its
 * members, imports, re-evaluation runs and probable duplicates, answered as JSON or as RFC 9457
 * problems. Which folders a caller may read, and whether it sees personal data unmasked, comes from
 * {@code config/access.json}. The web page and its sign-in settings are served from here too; the
 * Lambda adapter is {@code dev.custcode.functions.api.HttpApiHandler}.
 * Entry points: {@link ApiRouter} (dispatch by route key), {@link LookupService} (what each route
 * answers, one part per resource: {@link CustomerQueries}, {@link GroupQueries},
 * {@link DuplicateQueries}, {@link ImportQueries}, {@link ClassifyQueries}), {@link Access} (grants
 * by caller), {@link ApiRequest} (one call as the router sees it). The answers are records named
 * after the schemas of {@code openapi.yaml}: {@link CustomerView} (schema {@code Customer}),
 * {@link History}, {@link DimensionExplanation}, {@link DuplicatePair}, {@link Import},
 * {@link Classified}; re-evaluation runs are answered as their stored reports; the unit tests
 * {@code CustomerAnswersTest} and {@code ImportAnswersTest} pin every field of them.
 */
package dev.custcode.api;
