package io.qosb.admission;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A named capacity zone: an area and, per QoS profile, the most devices that may be booked there at
 * any one instant. The pseudo-zone {@link #OUTSIDE} stands for every place outside all zones; it has
 * no area.
 *
 * @param name the configured name (a metric tag value and a key of the capacity tables)
 * @param area the area, null for {@link #OUTSIDE}
 * @param limits profile name -> limit; profiles not in the map are not limited in this zone
 */
public record Zone(String name, GeoArea area, Map<String, Integer> limits) {

  /** Name of the pseudo-zone of all places outside every configured zone. */
  public static final String OUTSIDE = "outside";

  /**
   * @throws NullPointerException if name or limits is null
   */
  public Zone {
    Objects.requireNonNull(name, "name");
    limits = Map.copyOf(Objects.requireNonNull(limits, "limits"));
  }

  /** The limit of the profile in this zone, or empty if the profile is not limited here. */
  public OptionalInt limit(String profile) {
    Integer n = limits.get(profile);
    return n == null ? OptionalInt.empty() : OptionalInt.of(n);
  }
}
