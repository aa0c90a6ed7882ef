package io.qosb.nef;

import io.vertx.core.Expectation;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpResponseHead;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/** Response expectations of the NEF client, failing with a {@link NefException} that carries the ProblemDetails. */
final class NefResponses {

  private NefResponses() {
  }

  /**
   * An expectation that passes the listed statuses and turns any other answer into a
   * {@link NefException} with status, ProblemDetails and Retry-After.
   */
  static Expectation<HttpResponseHead> expecting(NefOperation operation, int... statuses) {
    Expectation<HttpResponseHead> expectation = head -> Arrays.stream(statuses).anyMatch(s -> s == head.statusCode());
    return expectation.wrappingFailure((head, err) -> failure(operation, head));
  }

  static NefException failure(NefOperation operation, HttpResponseHead head) {
    return NefException.fromStatus(operation, head.statusCode(), problem(head), retryAfter(head.getHeader("Retry-After")));
  }

  /** The ProblemDetails body, or null when the answer carries none. */
  static JsonObject problem(HttpResponseHead head) {
    if (!(head instanceof HttpResponse<?> response) || !(response.body() instanceof Buffer body) || body.length() == 0) {
      return null;
    }
    try {
      Object parsed = body.toJsonValue();
      return parsed instanceof JsonObject ? (JsonObject) parsed : null;
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  /** Retry-After as delta-seconds or HTTP-date (RFC 9110 10.2.3); null if absent or unreadable. */
  static Duration retryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String text = value.trim();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(text)));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration delta = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return delta.isNegative() ? Duration.ZERO : delta;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  /** The JSON object body of a response, or an empty object. */
  static JsonObject bodyObject(HttpResponse<Buffer> response) {
    Buffer body = response.body();
    if (body == null || body.length() == 0) {
      return new JsonObject();
    }
    Object parsed = body.toJsonValue();
    if (!(parsed instanceof JsonObject)) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    return (JsonObject) parsed;
  }
}
