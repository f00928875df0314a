package dev.custcode.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.custcode.scheme.SchemeRegistry;

/**
 * The scheme imports classify with now ({@code GET /scheme}): a steward starts a change from it,
 * and reads why an upload did not take.
 *
 * @param source    {@code config/active-scheme.json} (the last upload accepted) or {@code built-in}
 * @param name      the scheme's name
 * @param lastCheck what {@code config/scheme-status.json} says of the last upload checked
 *                  (accepted, or rejected with every problem by JSON path); absent before any upload
 * @param scheme    the scheme itself, as JSON: put it, changed, at {@code config/scheme.json}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SchemeInForce(String source, String name, SchemeRegistry.Status lastCheck, JsonNode scheme) {
}
