package io.qosb.nef.sim;

import io.vertx.core.json.JsonObject;

/** JSON Merge Patch (RFC 7396), as PATCH on an individual subscription uses it. */
final class MergePatch {

  private MergePatch() {
  }

  /** Returns a patched copy of target; null members remove, objects merge, anything else replaces. */
  static JsonObject apply(JsonObject target, JsonObject patch) {
    JsonObject result = target.copy();
    for (String key : patch.fieldNames()) {
      Object value = patch.getValue(key);
      if (value == null) {
        result.remove(key);
      } else if (value instanceof JsonObject object && result.getValue(key) instanceof JsonObject existing) {
        result.put(key, apply(existing, object));
      } else if (value instanceof JsonObject object) {
        result.put(key, apply(new JsonObject(), object));
      } else {
        result.put(key, value);
      }
    }
    return result;
  }
}
