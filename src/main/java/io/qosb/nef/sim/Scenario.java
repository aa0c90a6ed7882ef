package io.qosb.nef.sim;

import io.qosb.nef.ConfigValues;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a simulated NEF behaves: latency, failures, congestion, amnesia, capacity, dialect quirks and
 * the subscriber directory. Read from a JSON file in {@code nef-mocks/} (see its README); every key
 * is optional and {@link #defaults()} is a well-behaved Rel-18 NEF.
 *
 * @param name shown in logs ({@code default})
 * @param latency added to every answer, uniformly between min and max
 * @param failureRate share of requests answered with {@code failureStatus}, 0-1 (0)
 * @param failureStatus status of random failures (503)
 * @param seed seed of the simulator's randomness, for reproducible runs (42)
 * @param faults scripted faults, applied in order before the random ones
 * @param congestion UEs and QoS references whose resource allocation fails
 * @param forgetAfter when set, all subscriptions are forgotten this long after start
 * @param capacity max concurrent subscriptions, 0 for unlimited; beyond it POST gets 403
 * @param dialect NEF quirks
 * @param subscriberDirectory known devices, permissive when absent
 * @param notifications how notifications are sent
 * @param timeScale factor applied to durations given in seconds inside subscriptions
 *     ({@code usageThreshold.duration}), so tests can run them fast (1)
 */
public record Scenario(
    String name,
    Latency latency,
    double failureRate,
    int failureStatus,
    long seed,
    List<Fault> faults,
    Congestion congestion,
    Optional<Duration> forgetAfter,
    int capacity,
    SimDialect dialect,
    SubscriberDirectory subscriberDirectory,
    Notifications notifications,
    double timeScale) {

  private static final Set<String> KEYS = Set.of("name", "description", "latency", "failureRate", "failureStatus",
      "seed", "faults", "congestion", "forgetAfter", "capacity", "dialect", "subscriberDirectory", "notifications",
      "timeScale");

  /** Latency bounds. */
  public record Latency(Duration min, Duration max) {
    public static final Latency NONE = new Latency(Duration.ZERO, Duration.ZERO);
  }

  /**
   * @param ueIds phone numbers ({@code +34...} or {@code msisdn-34...}), IPv4 or IPv6 addresses, MAC addresses
   * @param qosReferences QoS references that cannot be allocated (e.g. one standing for a congested area)
   */
  public record Congestion(Set<String> ueIds, Set<String> qosReferences) {
    public static final Congestion NONE = new Congestion(Set.of(), Set.of());

    public Congestion {
      ueIds = Set.copyOf(ueIds);
      qosReferences = Set.copyOf(qosReferences);
    }
  }

  /**
   * @param enabled whether event notifications are sent at all (true)
   * @param delay wait after a create before the allocation notifications (PT0.05S)
   * @param timeout bound of each notification POST (PT2S)
   * @param maxAttempts attempts per notification, 1-10 (3)
   */
  public record Notifications(boolean enabled, Duration delay, Duration timeout, int maxAttempts) {
  }

  public Scenario {
    Objects.requireNonNull(name);
    Objects.requireNonNull(latency);
    faults = List.copyOf(faults);
    Objects.requireNonNull(congestion);
    Objects.requireNonNull(forgetAfter);
    Objects.requireNonNull(dialect);
    Objects.requireNonNull(subscriberDirectory);
    Objects.requireNonNull(notifications);
  }

  /** A well-behaved Rel-18 NEF. */
  public static Scenario defaults() {
    return fromJson(new JsonObject(), "default");
  }

  /**
   * Reads a scenario file. Blocking: call at startup or from a worker.
   *
   * @throws IllegalArgumentException naming the file and the key when the file is unreadable or invalid
   */
  public static Scenario load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("scenario " + file + ": cannot read: " + e.getMessage());
    }
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (DecodeException e) {
      throw new IllegalArgumentException("scenario " + file + ": not a JSON object: " + firstLine(e.getMessage()));
    }
    return fromJson(json, file.toString());
  }

  /**
   * @param source the file name or label used in messages
   * @throws IllegalArgumentException of one line {@code scenario SOURCE: KEY: rule, got 'value'}
   */
  public static Scenario fromJson(JsonObject json, String source) {
    try {
      return parse(Objects.requireNonNull(json));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("scenario " + source + ": " + e.getMessage(), e);
    }
  }

  private static Scenario parse(JsonObject json) {
    for (String key : json.fieldNames()) {
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(key + ": unknown key, expected one of " + new java.util.TreeSet<>(KEYS));
      }
    }
    ConfigValues values = new ConfigValues(json, "");
    SubscriberDirectory directory = json.containsKey("subscriberDirectory")
        ? SubscriberDirectory.parse(values.array("subscriberDirectory"), "subscriberDirectory")
        : SubscriberDirectory.permissive();
    return new Scenario(
        values.string("name", "default"),
        latency(values),
        values.decimal("failureRate", 0, 0, 1),
        values.integer("failureStatus", 503, 400, 599),
        values.integer("seed", 42, Integer.MIN_VALUE, Integer.MAX_VALUE),
        faults(values.array("faults")),
        congestion(values.section("congestion")),
        Optional.ofNullable(values.duration("forgetAfter", null, true)),
        values.integer("capacity", 0, 0, 10_000_000),
        SimDialect.parse(values.section("dialect")),
        directory,
        notifications(values.section("notifications")),
        values.decimal("timeScale", 1, 0.0001, 1000));
  }

  private static Latency latency(ConfigValues values) {
    if (!values.has("latency")) {
      return Latency.NONE;
    }
    if (!values.isObject("latency")) {
      Duration fixed = values.duration("latency", null, true);
      return new Latency(fixed, fixed);
    }
    ConfigValues range = values.section("latency");
    Duration min = range.duration("min", Duration.ZERO, true);
    Duration max = range.duration("max", min, true);
    if (max.compareTo(min) < 0) {
      throw range.invalid("max", "must not be below " + range.name("min"), max);
    }
    return new Latency(min, max);
  }

  private static List<Fault> faults(JsonArray array) {
    List<Fault> faults = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject fault)) {
        throw new IllegalArgumentException("faults[" + i + "]: must be an object");
      }
      faults.add(Fault.parse(new ConfigValues(fault, "faults[" + i + "]")));
    }
    return faults;
  }

  private static Congestion congestion(ConfigValues values) {
    return new Congestion(strings(values, "ueIds"), strings(values, "qosReferences"));
  }

  private static Set<String> strings(ConfigValues values, String key) {
    Set<String> result = new HashSet<>();
    JsonArray array = values.array(key);
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof String s) || s.isBlank()) {
        throw values.invalid(key + "[" + i + "]", "must be a non-empty string", array.getValue(i));
      }
      result.add(s.trim());
    }
    return result;
  }

  private static Notifications notifications(ConfigValues values) {
    return new Notifications(
        values.bool("enabled", true),
        values.duration("delay", Duration.ofMillis(50), true),
        values.duration("timeout", Duration.ofSeconds(2), false),
        values.integer("maxAttempts", 3, 1, 10));
  }

  private static String firstLine(String message) {
    String text = String.valueOf(message);
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
