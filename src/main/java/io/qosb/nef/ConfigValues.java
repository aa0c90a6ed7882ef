package io.qosb.nef;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * Typed, validating reads from one JSON config section. Every failure is an
 * {@link IllegalArgumentException} whose message is one line naming the full key, e.g.
 * {@code nef.retry.maxAttempts: must be an integer between 1 and 10, got 'x'}.
 *
 * <p>Values may arrive as strings (environment overrides), so numbers, booleans and durations are
 * also accepted in their string form.
 */
public final class ConfigValues {

  private final JsonObject json;
  private final String prefix;

  /**
   * @param json the section, may be null (then every key takes its default)
   * @param prefix key path of the section used in messages, e.g. {@code nef}
   * @throws NullPointerException if prefix is null
   */
  public ConfigValues(JsonObject json, String prefix) {
    this.json = json == null ? new JsonObject() : json;
    this.prefix = Objects.requireNonNull(prefix);
  }

  /** Returns the reader of a nested section; a missing section reads as empty. */
  public ConfigValues section(String key) {
    Object value = json.getValue(key);
    if (value != null && !(value instanceof JsonObject)) {
      throw invalid(key, "must be an object", value);
    }
    return new ConfigValues((JsonObject) value, name(key));
  }

  /** Whether the key is present with a non-null value. */
  public boolean has(String key) {
    return json.getValue(key) != null;
  }

  /** Full key path, for messages. */
  public String name(String key) {
    return prefix.isEmpty() ? key : prefix + "." + key;
  }

  public String string(String key, String defaultValue) {
    Object value = json.getValue(key);
    if (value == null) {
      return defaultValue;
    }
    if (!(value instanceof String) || ((String) value).isBlank()) {
      throw invalid(key, "must be a non-empty string", value);
    }
    return ((String) value).trim();
  }

  public boolean bool(String key, boolean defaultValue) {
    Object value = json.getValue(key);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Boolean) {
      return (Boolean) value;
    }
    String text = value.toString().trim().toLowerCase(Locale.ROOT);
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    throw invalid(key, "must be true or false", value);
  }

  public int integer(String key, int defaultValue, int min, int max) {
    Object value = json.getValue(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      double number = value instanceof Number ? ((Number) value).doubleValue() : Double.parseDouble(value.toString().trim());
      if (number == Math.rint(number) && number >= min && number <= max) {
        return (int) number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(key, "must be an integer between " + min + " and " + max, value);
  }

  public double decimal(String key, double defaultValue, double min, double max) {
    Object value = json.getValue(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      double number = value instanceof Number ? ((Number) value).doubleValue() : Double.parseDouble(value.toString().trim());
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(key, "must be a number between " + min + " and " + max, value);
  }

  /** An ISO-8601 duration such as {@code PT0.2S}; must be positive unless zero is allowed. */
  public Duration duration(String key, Duration defaultValue, boolean zeroAllowed) {
    Object value = json.getValue(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      Duration duration = Duration.parse(value.toString().trim());
      if (!duration.isNegative() && (zeroAllowed || !duration.isZero())) {
        return duration;
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    String range = zeroAllowed ? "zero or positive" : "positive";
    throw invalid(key, "must be a " + range + " ISO-8601 duration such as PT0.5S", value);
  }

  /** An absolute http or https URL with a host. */
  public URI httpUrl(String key, String defaultValue) {
    String text = string(key, defaultValue);
    if (text == null) {
      return null;
    }
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    throw invalid(key, "must be an absolute http or https URL", text);
  }

  /** Parses an enum constant, case-insensitive, accepting {@code -} for {@code _}. */
  public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
    String text = string(key, null);
    if (text == null) {
      return defaultValue;
    }
    String normalized = text.replace('-', '_').toUpperCase(Locale.ROOT);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().replace("-", "_").equals(normalized)) {
        return constant;
      }
    }
    throw invalid(key, "must be one of " + lowerNames(type), text);
  }

  /** An array, or an empty one when absent. */
  public JsonArray array(String key) {
    Object value = json.getValue(key);
    if (value == null) {
      return new JsonArray();
    }
    if (!(value instanceof JsonArray)) {
      throw invalid(key, "must be an array", value);
    }
    return (JsonArray) value;
  }

  /** Whether the key holds an object. */
  public boolean isObject(String key) {
    return json.getValue(key) instanceof JsonObject;
  }

  /** A raw object value, or null when absent. */
  public JsonObject object(String key) {
    Object value = json.getValue(key);
    if (value != null && !(value instanceof JsonObject)) {
      throw invalid(key, "must be an object", value);
    }
    return (JsonObject) value;
  }

  /** Builds the one-line failure for a key. */
  public IllegalArgumentException invalid(String key, String rule, Object value) {
    String shown = String.valueOf(value);
    if (shown.length() > 60) {
      shown = shown.substring(0, 57) + "...";
    }
    return new IllegalArgumentException(name(key) + ": " + rule + ", got '" + shown + "'");
  }

  private static <E extends Enum<E>> String lowerNames(Class<E> type) {
    StringBuilder names = new StringBuilder();
    for (E constant : type.getEnumConstants()) {
      names.append(names.length() == 0 ? "" : "|").append(constant.name().toLowerCase(Locale.ROOT));
    }
    return names.toString();
  }
}
