package io.qosb.profiles;

import io.qosb.ops.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The QoS profile catalog from configuration ({@code profiles:}). Checked once at startup: a bad
 * entry fails startup with one line naming it.
 */
public final class ProfileCatalog {

  private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_.-]{3,256}$");
  private static final Set<String> STATUSES = Set.of("ACTIVE", "INACTIVE", "DEPRECATED");
  private static final Set<String> RATE_UNITS = Set.of("bps", "kbps", "Mbps", "Gbps", "Tbps");
  private static final Set<String> RATES = Set.of("targetMinUpstreamRate", "maxUpstreamRate", "maxUpstreamBurstRate",
      "targetMinDownstreamRate", "maxDownstreamRate", "maxDownstreamBurstRate");
  private static final Set<String> DURATIONS = Set.of("minDuration", "maxDuration", "packetDelayBudget", "jitter");
  private static final Set<String> ADAPTER_FIELDS = Set.of("qosReference", "restricted", "offeredTo");

  private final Map<String, QosProfile> profiles;

  private ProfileCatalog(Map<String, QosProfile> profiles) {
    this.profiles = Collections.unmodifiableMap(profiles);
  }

  /**
   * @param entries the {@code profiles} list of the configuration
   * @return the checked catalog
   * @throws ConfigException naming the first bad entry
   */
  public static ProfileCatalog from(JsonArray entries) {
    if (entries == null || entries.isEmpty()) {
      throw new ConfigException("profiles: at least one QoS profile must be configured");
    }
    Map<String, QosProfile> map = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      if (!(entries.getValue(i) instanceof JsonObject entry)) {
        throw new ConfigException("profiles[" + i + "]: expected an object");
      }
      QosProfile p = parse("profiles[" + i + "]", entry);
      if (map.putIfAbsent(p.name(), p) != null) {
        throw new ConfigException("profiles[" + i + "]: duplicate profile name '" + p.name() + "'");
      }
    }
    return new ProfileCatalog(map);
  }

  private static QosProfile parse(String where, JsonObject e) {
    String name = e.getValue("name") instanceof String s ? s : null;
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ConfigException(where + ".name: must match ^[a-zA-Z0-9_.-]+$ (3..256 chars), got '" + e.getValue("name") + "'");
    }
    String at = "profiles." + name;
    String status = e.getString("status", "");
    if (!STATUSES.contains(status)) {
      throw new ConfigException(at + ".status: must be ACTIVE, INACTIVE or DEPRECATED, got '" + status + "'");
    }
    String ref = e.getValue("qosReference") instanceof String r && !r.isBlank() ? r : null;
    if (ref == null) {
      throw new ConfigException(at + ".qosReference: required (the NEF's QoS reference for this profile)");
    }
    RATES.stream().filter(e::containsKey).forEach(f -> checkRate(at + "." + f, e.getValue(f)));
    DURATIONS.stream().filter(e::containsKey).forEach(f -> duration(at + "." + f, e.getValue(f)));
    checkInt(at + ".priority", e.getValue("priority"), 1, 100);
    checkInt(at + ".packetErrorLossRate", e.getValue("packetErrorLossRate"), 1, 10);
    Duration min = e.containsKey("minDuration") ? duration(at + ".minDuration", e.getValue("minDuration")) : Duration.ofSeconds(1);
    Duration max = e.containsKey("maxDuration") ? duration(at + ".maxDuration", e.getValue("maxDuration")) : Duration.ofDays(366);
    if (min.compareTo(max) > 0) {
      throw new ConfigException(at + ": minDuration is longer than maxDuration");
    }
    JsonObject camara = e.copy();
    ADAPTER_FIELDS.forEach(camara::remove);
    Object offered = e.getValue("offeredTo");
    if (offered != null && !(offered instanceof JsonArray)) {
      throw new ConfigException(at + ".offeredTo: expected a list of phone numbers or IP addresses");
    }
    Set<String> offeredTo = offered == null ? Set.of()
        : ((JsonArray) offered).stream().map(String::valueOf).collect(java.util.stream.Collectors.toUnmodifiableSet());
    return new QosProfile(name, status, ref, Boolean.TRUE.equals(e.getValue("restricted")), min, max, camara,
        offeredTo);
  }

  private static void checkRate(String key, Object value) {
    if (!(value instanceof JsonObject rate) || !(rate.getValue("value") instanceof Integer v) || v < 0 || v > 1024
        || !RATE_UNITS.contains(rate.getString("unit", ""))) {
      throw new ConfigException(key + ": expected {value: 0..1024, unit: bps|kbps|Mbps|Gbps|Tbps}, got " + value);
    }
  }

  private static Duration duration(String key, Object value) {
    if (value instanceof JsonObject d && d.getValue("value") instanceof Integer v && v >= 1) {
      ChronoUnit unit = switch (d.getString("unit", "")) {
        case "Days" -> ChronoUnit.DAYS;
        case "Hours" -> ChronoUnit.HOURS;
        case "Minutes" -> ChronoUnit.MINUTES;
        case "Seconds" -> ChronoUnit.SECONDS;
        case "Milliseconds" -> ChronoUnit.MILLIS;
        case "Microseconds" -> ChronoUnit.MICROS;
        case "Nanoseconds" -> ChronoUnit.NANOS;
        default -> null;
      };
      if (unit != null) {
        return Duration.of(v, unit);
      }
    }
    throw new ConfigException(key + ": expected {value: >=1, unit: Days|Hours|Minutes|Seconds|Milliseconds|...}, got " + value);
  }

  private static void checkInt(String key, Object value, int min, int max) {
    if (value != null && !(value instanceof Integer i && i >= min && i <= max)) {
      throw new ConfigException(key + ": expected a whole number " + min + ".." + max + ", got " + value);
    }
  }

  /** @return the profile of that name */
  public Optional<QosProfile> get(String name) {
    return Optional.ofNullable(profiles.get(name));
  }

  /** @return all profiles in configuration order */
  public Collection<QosProfile> all() {
    return profiles.values();
  }
}
