package io.qosb.admission;

import io.qosb.booking.ServiceArea;
import io.qosb.booking.ServiceArea.Point;
import io.qosb.ops.ConfigException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The capacity model of the {@code capacity:} configuration section: named zones, each a CIRCLE or
 * POLYGON (the CAMARA {@code Area} shape) with per-profile limits of concurrently booked devices,
 * and the limits of {@code outside}, every place not inside a single zone. Checked once at startup;
 * the first bad value fails startup with one line naming its key.
 *
 * <pre>
 * capacity:
 *   outside: 100000                    # one number for every profile, or {QOS_L: 500, "*": 2000}
 *   zones:
 *     - name: bonn-centre
 *       area: {areaType: CIRCLE, center: {latitude: 50.7359, longitude: 7.1007}, radius: 2000}
 *       limits: {QOS_L: 20, "*": 100}   # "*": every profile not named; a profile without a limit is not limited
 * </pre>
 */
public final class CapacityModel {

  private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_.-]{1,64}$");
  private static final double MAX_RADIUS_M = 2_000_000;
  private static final int MAX_POINTS = 100;

  private final List<Zone> zones;
  private final Zone outside;
  private final Set<String> profiles;

  private CapacityModel(List<Zone> zones, Zone outside, Set<String> profiles) {
    this.zones = List.copyOf(zones);
    this.outside = outside;
    this.profiles = Set.copyOf(profiles);
  }

  /**
   * @param section the {@code capacity} section (empty or null: no zones and no limit outside)
   * @param profileNames the QoS profiles of the catalog; limits may name only these
   * @return the checked model
   * @throws ConfigException naming the first bad key
   */
  public static CapacityModel from(JsonObject section, Collection<String> profileNames) {
    JsonObject s = section == null ? new JsonObject() : section;
    Set<String> profiles = Set.copyOf(profileNames);
    Zone outside = new Zone(Zone.OUTSIDE, null, limits("capacity.outside", s.getValue("outside"), profiles));
    Object list = s.getValue("zones");
    if (list != null && !(list instanceof JsonArray)) {
      throw new ConfigException("capacity.zones: expected a list of zones, got '" + list + "'");
    }
    List<Zone> zones = new ArrayList<>();
    JsonArray entries = list == null ? new JsonArray() : (JsonArray) list;
    for (int i = 0; i < entries.size(); i++) {
      String key = "capacity.zones[" + i + "]";
      if (!(entries.getValue(i) instanceof JsonObject z)) {
        throw new ConfigException(key + ": expected a zone {name, area, limits}");
      }
      Zone zone = zone(key, z, profiles);
      if (zone.name().equals(Zone.OUTSIDE) || zones.stream().anyMatch(o -> o.name().equals(zone.name()))) {
        throw new ConfigException(key + ".name: duplicate or reserved zone name '" + zone.name() + "'");
      }
      zones.add(zone);
    }
    return new CapacityModel(zones, outside, profiles);
  }

  private static Zone zone(String key, JsonObject z, Set<String> profiles) {
    Object name = z.getValue("name");
    if (!(name instanceof String n) || !NAME.matcher(n).matches()) {
      throw new ConfigException(key + ".name: must match ^[a-zA-Z0-9_.-]{1,64}$, got '" + name + "'");
    }
    GeoArea area = area(key + ".area", z.getValue("area"));
    if (!z.containsKey("limits")) {
      throw new ConfigException(key + ".limits: required (a number, or a map of profile name to number)");
    }
    return new Zone(n, area, limits(key + ".limits", z.getValue("limits"), profiles));
  }

  private static GeoArea area(String key, Object value) {
    if (!(value instanceof JsonObject a)) {
      throw new ConfigException(key + ": expected {areaType: CIRCLE|POLYGON, ...}, got '" + value + "'");
    }
    String type = String.valueOf(a.getValue("areaType"));
    try {
      if (type.equals("CIRCLE")) {
        double r = number(key + ".radius", a.getValue("radius"));
        if (!(r >= 1 && r <= MAX_RADIUS_M)) {
          throw new ConfigException(key + ".radius: must be between 1 and " + (long) MAX_RADIUS_M + " metres, got " + r);
        }
        return GeoArea.circle(point(key + ".center", a.getValue("center")), r);
      }
      if (type.equals("POLYGON")) {
        Object b = a.getValue("boundary");
        if (!(b instanceof JsonArray points) || points.size() < 3 || points.size() > MAX_POINTS) {
          throw new ConfigException(key + ".boundary: expected 3 to " + MAX_POINTS + " points");
        }
        List<Point> boundary = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
          boundary.add(point(key + ".boundary[" + i + "]", points.getValue(i)));
        }
        return GeoArea.polygon(boundary);
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + ": " + e.getMessage());
    }
    throw new ConfigException(key + ".areaType: must be CIRCLE or POLYGON, got '" + type + "'");
  }

  private static Point point(String key, Object value) {
    if (!(value instanceof JsonObject p)) {
      throw new ConfigException(key + ": expected {latitude, longitude}, got '" + value + "'");
    }
    double lat = number(key + ".latitude", p.getValue("latitude"));
    double lon = number(key + ".longitude", p.getValue("longitude"));
    if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
      throw new ConfigException(key + ": latitude must be within -90..90 and longitude within -180..180");
    }
    return new Point(lat, lon);
  }

  private static double number(String key, Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    throw new ConfigException(key + ": expected a number, got '" + value + "'");
  }

  /** A number for all profiles, or a map of profile (or "*") to number; null: no limits. */
  private static Map<String, Integer> limits(String key, Object value, Set<String> profiles) {
    Map<String, Integer> out = new LinkedHashMap<>();
    if (value == null || "".equals(value)) {
      return out;
    }
    if (value instanceof JsonObject map) {
      Integer all = map.containsKey("*") ? count(key + ".*", map.getValue("*")) : null;
      for (String p : map.fieldNames()) {
        if (!p.equals("*") && !profiles.contains(p)) {
          throw new ConfigException(key + "." + p + ": unknown QoS profile '" + p + "'");
        }
      }
      for (String p : profiles) {
        Integer n = map.containsKey(p) ? Integer.valueOf(count(key + "." + p, map.getValue(p))) : all;
        if (n != null) {
          out.put(p, n);
        }
      }
      return out;
    }
    int n = count(key, value);
    profiles.forEach(p -> out.put(p, n));
    return out;
  }

  private static int count(String key, Object value) {
    long n;
    if (value instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
      n = num.longValue();
    } else {
      try {
        n = Long.parseLong(String.valueOf(value).trim());
      } catch (NumberFormatException e) {
        throw new ConfigException(key + ": expected a whole number of devices, got '" + value + "'");
      }
    }
    if (n < 0 || n > Integer.MAX_VALUE) {
      throw new ConfigException(key + ": must be between 0 and " + Integer.MAX_VALUE + ", got " + n);
    }
    return (int) n;
  }

  /** The configured zones, in configuration order. */
  public List<Zone> zones() {
    return zones;
  }

  /** The pseudo-zone of places outside every zone. */
  public Zone outside() {
    return outside;
  }

  /** The configured zones and {@code outside}. */
  public List<Zone> allZones() {
    List<Zone> all = new ArrayList<>(zones);
    all.add(outside);
    return all;
  }

  /** The zone of that name ({@code outside} included). */
  public Optional<Zone> zone(String name) {
    return allZones().stream().filter(z -> z.name().equals(name)).findFirst();
  }

  /** The QoS profile names the model knows. */
  public Set<String> profiles() {
    return profiles;
  }

  /**
   * The zones a service area occupies: every zone it intersects, plus {@code outside} unless a single
   * zone contains it entirely (an area covered only by the union of several zones counts against
   * {@code outside} too: conservative). An AREANAME area occupies the zone of that name, else
   * {@code outside}. Zones are few (configured), so this is a scan with a quick bounding-circle reject.
   *
   * @return the zones, sorted by name (the lock order)
   */
  public List<Zone> zonesOf(ServiceArea serviceArea) {
    GeoArea area = GeoArea.of(serviceArea);
    List<Zone> hit = new ArrayList<>();
    boolean contained = false;
    for (Zone z : zones) {
      if (area == null ? z.name().equals(serviceArea.areaName()) : z.area().intersects(area)) {
        hit.add(z);
        contained |= area == null || z.area().contains(area);
      }
    }
    if (!contained) {
      hit.add(outside);
    }
    hit.sort((a, b) -> a.name().compareTo(b.name()));
    return hit;
  }
}
