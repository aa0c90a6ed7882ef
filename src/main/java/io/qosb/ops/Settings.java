package io.qosb.ops;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Typed, checked reads of configuration values by dotted key path. Every failure is a
 * {@link ConfigException} whose message names the key and the offending value.
 */
public final class Settings {

  private final JsonObject root;

  public Settings(JsonObject root) {
    this.root = root;
  }

  public JsonObject root() {
    return root;
  }

  /** @return the object at the dotted path, or an empty object when absent */
  public JsonObject section(String path) {
    Object v = value(path);
    if (v == null) {
      return new JsonObject();
    }
    if (!(v instanceof JsonObject o)) {
      throw new ConfigException(path + ": expected a section, got '" + v + "'");
    }
    return o;
  }

  /** @return the value at the dotted path, or null */
  public Object value(String path) {
    Object node = root;
    for (String part : path.split("\\.")) {
      if (!(node instanceof JsonObject o)) {
        return null;
      }
      node = o.getValue(part);
    }
    return node;
  }

  public String string(String path, String def) {
    Object v = value(path);
    if (v == null) {
      return def;
    }
    String s = String.valueOf(v).trim();
    return s.isEmpty() ? def : s;
  }

  public String requiredString(String path) {
    String s = string(path, null);
    if (s == null) {
      throw new ConfigException(path + ": required, got nothing");
    }
    return s;
  }

  public long integer(String path, long def, long min, long max) {
    Object v = value(path);
    if (v == null || "".equals(v)) {
      return def;
    }
    long n;
    try {
      n = v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())
          ? num.longValue() : Long.parseLong(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(path + ": expected a whole number, got '" + v + "'");
    }
    if (n < min || n > max) {
      throw new ConfigException(path + ": must be between " + min + " and " + max + ", got " + n);
    }
    return n;
  }

  public double decimal(String path, double def, double min, double max) {
    Object v = value(path);
    if (v == null || "".equals(v)) {
      return def;
    }
    double n;
    try {
      n = v instanceof Number num ? num.doubleValue() : Double.parseDouble(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(path + ": expected a number, got '" + v + "'");
    }
    if (!(n >= min && n <= max)) {
      throw new ConfigException(path + ": must be between " + min + " and " + max + ", got " + n);
    }
    return n;
  }

  public boolean bool(String path, boolean def) {
    Object v = value(path);
    if (v == null || "".equals(v)) {
      return def;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    String s = String.valueOf(v).trim();
    if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(s);
    }
    throw new ConfigException(path + ": expected true or false, got '" + v + "'");
  }

  public Duration duration(String path, Duration def) {
    String s = string(path, null);
    if (s == null) {
      return def;
    }
    try {
      Duration d = Duration.parse(s);
      if (d.isNegative()) {
        throw new ConfigException(path + ": must not be negative, got '" + s + "'");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new ConfigException(path + ": expected an ISO-8601 duration such as PT30S, got '" + s + "'");
    }
  }
}
