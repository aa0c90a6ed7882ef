package io.qosb.api;

import io.qosb.booking.CamaraException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The string bounds of v0.2 (Commonalities 0.8 added {@code maxLength}s) applied to v0.1 requests,
 * whose r1.2 schemas leave those strings unbounded (issue 17): the store holds them in columns of
 * those sizes, so a longer value is refused up front with 400 INVALID_ARGUMENT, as v0.2 refuses it.
 */
final class V01Bounds {

  /** Property name -> v0.2 {@code maxLength}, wherever the property occurs in a request body. */
  private static final Map<String, Integer> MAX_LENGTH = Map.of(
      "sink", 2048,
      "startTime", 64,
      "accessToken", 4096,
      "accessTokenExpiresUtc", 64,
      "networkAccessIdentifier", 2048,
      "areaName", 256);

  private V01Bounds() {
  }

  /**
   * @param json a validated request body, or null
   * @throws CamaraException 400 INVALID_ARGUMENT naming the first property beyond its bound
   */
  static void check(Object json) {
    check(json, "$");
  }

  private static void check(Object node, String path) {
    if (node instanceof JsonObject o) {
      for (Map.Entry<String, Object> e : o) {
        Integer max = MAX_LENGTH.get(e.getKey());
        if (max != null && e.getValue() instanceof String s && s.length() > max) {
          throw CamaraException.invalidArgument(path + "." + e.getKey() + ": longer than " + max + " characters.");
        }
        check(e.getValue(), path + "." + e.getKey());
      }
    } else if (node instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        check(a.getValue(i), path + "[" + i + "]");
      }
    }
  }
}
