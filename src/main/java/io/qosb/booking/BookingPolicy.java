package io.qosb.booking;

import java.time.Duration;
import java.util.Objects;

/**
 * Operator policy for bookings.
 *
 * @param minLeadTime how far in the future a start time must at least be ({@code booking.minLeadTime})
 * @param horizon how far in the future a start time may at most be (default 365 days)
 * @param retention how long a terminated booking stays readable before it is purged (default 360 s)
 * @param maxOpenPerConsumer how many open (not terminated, not ended) bookings one API consumer may
 *     hold ({@code booking.maxOpenPerConsumer}, default {@value #DEFAULT_MAX_OPEN_PER_CONSUMER})
 * @param startGrace how far in the past a start time may be and still be accepted as "now", when
 *     minLeadTime is zero ({@code booking.startGrace}, default 30 s)
 */
public record BookingPolicy(Duration minLeadTime, Duration horizon, Duration retention, int maxOpenPerConsumer,
    Duration startGrace) {

  /** The default of {@code booking.maxOpenPerConsumer}. */
  public static final int DEFAULT_MAX_OPEN_PER_CONSUMER = 1000;

  /** The default {@code booking.startGrace}. */
  public static final Duration DEFAULT_START_GRACE = Duration.ofSeconds(30);

  /**
   * @throws NullPointerException if any argument is null
   * @throws IllegalArgumentException if a duration is negative, retention is under 360 s or
   *     maxOpenPerConsumer is under 1
   */
  public BookingPolicy {
    Objects.requireNonNull(minLeadTime, "minLeadTime");
    Objects.requireNonNull(horizon, "horizon");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(startGrace, "startGrace");
    if (startGrace.isNegative()) {
      throw new IllegalArgumentException("startGrace must be >= 0");
    }
    if (minLeadTime.isNegative() || horizon.compareTo(minLeadTime) <= 0) {
      throw new IllegalArgumentException("minLeadTime must be >= 0 and below horizon");
    }
    if (retention.compareTo(Duration.ofSeconds(360)) < 0) {
      throw new IllegalArgumentException("retention must be at least 360 seconds");
    }
    if (maxOpenPerConsumer < 1) {
      throw new IllegalArgumentException("maxOpenPerConsumer must be at least 1");
    }
  }

  /** No lead time, a horizon of 365 days, a retention of 360 seconds, the default limit of open bookings and a
   *  start grace of 30 seconds. */
  public static BookingPolicy defaults() {
    return new BookingPolicy(Duration.ZERO, Duration.ofDays(365), Duration.ofSeconds(360),
        DEFAULT_MAX_OPEN_PER_CONSUMER, DEFAULT_START_GRACE);
  }

  /** These defaults with another minimum lead time. */
  public static BookingPolicy withMinLeadTime(Duration minLeadTime) {
    BookingPolicy d = defaults();
    return new BookingPolicy(minLeadTime, d.horizon(), d.retention(), d.maxOpenPerConsumer(), d.startGrace());
  }
}
