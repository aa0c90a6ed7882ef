package io.qosb.acceptance;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/** JSON value equality as the features mean it: same structure, same strings, numerically equal numbers. */
final class JsonValues {

  private JsonValues() {
  }

  static Object normalize(Object v) {
    // an absent property (World.ABSENT) equals nothing but itself: an assertion failure, not an encoding error
    if (v == null || v == World.ABSENT || v instanceof String || v instanceof Boolean) {
      return v;
    }
    return Json.decodeValue(Json.encode(v));
  }

  static boolean same(Object a, Object b) {
    return eq(normalize(a), normalize(b));
  }

  private static boolean eq(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
    }
    if (a instanceof JsonObject x && b instanceof JsonObject y) {
      if (!x.fieldNames().equals(y.fieldNames())) {
        return false;
      }
      for (Map.Entry<String, Object> e : x) {
        if (!eq(e.getValue(), y.getValue(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof JsonArray x && b instanceof JsonArray y) {
      if (x.size() != y.size()) {
        return false;
      }
      Iterator<Object> i = x.iterator();
      Iterator<Object> j = y.iterator();
      while (i.hasNext()) {
        if (!eq(i.next(), j.next())) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(a, b);
  }
}
