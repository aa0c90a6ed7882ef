package io.qosb.booking;

import java.time.Duration;
import java.util.Objects;

/**
 * Operator policy for bookings.
 *
 * @param minLeadTime how far in the future a start time must at least be ({@code booking.minLeadTime})
 * @param horizon how far in the future a start time may at most be (default 365 days)
 * @param retention how long a terminated booking stays readable before it is purged (default 360 s)
 */
public record BookingPolicy(Duration minLeadTime, Duration horizon, Duration retention) {

  /**
   * @throws NullPointerException if any argument is null
   * @throws IllegalArgumentException if a duration is negative or retention is under 360 s
   */
  public BookingPolicy {
    Objects.requireNonNull(minLeadTime, "minLeadTime");
    Objects.requireNonNull(horizon, "horizon");
    Objects.requireNonNull(retention, "retention");
    if (minLeadTime.isNegative() || horizon.compareTo(minLeadTime) <= 0) {
      throw new IllegalArgumentException("minLeadTime must be >= 0 and below horizon");
    }
    if (retention.compareTo(Duration.ofSeconds(360)) < 0) {
      throw new IllegalArgumentException("retention must be at least 360 seconds");
    }
  }

  /** No lead time, a horizon of 365 days and a retention of 360 seconds. */
  public static BookingPolicy defaults() {
    return new BookingPolicy(Duration.ZERO, Duration.ofDays(365), Duration.ofSeconds(360));
  }

  /** These defaults with another minimum lead time. */
  public static BookingPolicy withMinLeadTime(Duration minLeadTime) {
    BookingPolicy d = defaults();
    return new BookingPolicy(minLeadTime, d.horizon(), d.retention());
  }
}
