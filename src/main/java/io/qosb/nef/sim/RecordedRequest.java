package io.qosb.nef.sim;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One request the simulated NEF received, for tests and diagnostics.
 *
 * @param method HTTP method
 * @param path request path
 * @param httpVersion {@code HTTP_1_1} or {@code HTTP_2}
 * @param authorization whether an Authorization header was present (its value is not kept)
 * @param body the JSON object body, or null
 * @param status the status answered
 * @param at when it arrived
 */
public record RecordedRequest(String method, String path, String httpVersion, boolean authorization, JsonObject body,
    int status, Instant at) {
}
