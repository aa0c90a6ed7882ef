package io.qosb.booking;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the engine needs to know about QoS profiles; the profile catalog implements it.
 */
@FunctionalInterface
public interface ProfileRules {

  /**
   * A profile's booking limits.
   *
   * @param bookable false if the profile exists but cannot be booked now (inactive, deprecated)
   * @param minDuration shortest allowed booking, or null
   * @param maxDuration longest allowed booking, or null
   */
  record Limits(boolean bookable, Duration minDuration, Duration maxDuration) {

    /** A bookable profile without duration limits. */
    public static final Limits ANY = new Limits(true, null, null);
  }

  /** The limits of the named profile, or empty if no such profile exists. */
  Optional<Limits> limits(String profileName);

  /** Rules from a fixed map of profile names to limits. */
  static ProfileRules of(Map<String, Limits> profiles) {
    Map<String, Limits> copy = Map.copyOf(Objects.requireNonNull(profiles));
    return name -> Optional.ofNullable(copy.get(name));
  }
}
