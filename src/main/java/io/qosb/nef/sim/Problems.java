package io.qosb.nef.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Writes TS 29.122 ProblemDetails answers ({@code application/problem+json}). */
final class Problems {

  private Problems() {
  }

  static void send(RoutingContext rc, int status, String title, String detail) {
    send(rc, status, title, detail, null, List.of(), null);
  }

  static void send(RoutingContext rc, int status, String title, String detail, String cause,
      List<JsonObject> invalidParams, String retryAfter) {
    JsonObject problem = new JsonObject().put("title", title).put("status", status);
    if (detail != null) {
      problem.put("detail", detail);
    }
    if (cause != null) {
      problem.put("cause", cause);
    }
    if (!invalidParams.isEmpty()) {
      problem.put("invalidParams", new JsonArray(List.copyOf(invalidParams)));
    }
    if (retryAfter != null) {
      rc.response().putHeader("Retry-After", retryAfter);
    }
    rc.response().setStatusCode(status).putHeader("Content-Type", "application/problem+json").end(problem.encode());
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 415 -> "Unsupported Media Type";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "Error";
    };
  }
}
