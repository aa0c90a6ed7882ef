package io.qosb.schedule;

import io.qosb.nef.ConfigValues;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code schedule} config section, parsed once at startup.
 *
 * @param sweepInterval {@code schedule.sweepInterval} ({@code PT5S}): how often due jobs are looked
 *     for even without a timer; jobs due sooner get a timer of their own
 * @param leaseDuration {@code schedule.leaseDuration} ({@code PT30S}): how long a claimed job is
 *     reserved for its scheduler; a replica that dies loses its claims after this. Must exceed the
 *     longest NEF call with its retries ({@code nef.timeout} x {@code nef.retry.maxAttempts} + backoffs)
 * @param maxAttempts {@code schedule.maxAttempts} (5): attempts per job before it is given up, 1-100
 * @param retryBackoff {@code schedule.retryBackoff} ({@code PT2S}): wait before the second attempt,
 *     doubled per attempt up to {@link #MAX_BACKOFF}
 * @param reconcileInterval {@code schedule.reconcileInterval} ({@code PT60S}): how often the NEF's
 *     list is compared with the records
 * @param retention {@code schedule.retention} ({@code PT6M}, at least 360 s): how long finished jobs
 *     and records of deleted subscriptions are kept
 * @param batchSize {@code schedule.batchSize} (50): jobs claimed and run together (the activations of a
 *     batch share their transactions), 1-1000
 * @param maxInFlight {@code schedule.maxInFlight} (100): the most claimed jobs running at once, so the
 *     most NEF calls in flight; the scheduler claims the next batch while earlier ones run as long as
 *     this leaves room, 1-10000
 */
public record ScheduleOptions(Duration sweepInterval, Duration leaseDuration, int maxAttempts, Duration retryBackoff,
    Duration reconcileInterval, Duration retention, int batchSize, int maxInFlight) {

  /** The longest wait between two attempts of a job. */
  public static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
  private static final Duration MIN_RETENTION = Duration.ofSeconds(360);

  public ScheduleOptions {
    Objects.requireNonNull(sweepInterval);
    Objects.requireNonNull(leaseDuration);
    Objects.requireNonNull(retryBackoff);
    Objects.requireNonNull(reconcileInterval);
    Objects.requireNonNull(retention);
  }

  /** Every key at its default. */
  public static ScheduleOptions defaults() {
    return fromJson(null);
  }

  /**
   * Parses the {@code schedule} section; absent keys take their defaults.
   *
   * @param schedule the section, may be null
   * @throws IllegalArgumentException with one line naming the first invalid key
   */
  public static ScheduleOptions fromJson(JsonObject schedule) {
    ConfigValues v = new ConfigValues(schedule, "schedule");
    ScheduleOptions o = new ScheduleOptions(
        v.duration("sweepInterval", Duration.ofSeconds(5), false),
        v.duration("leaseDuration", Duration.ofSeconds(30), false),
        v.integer("maxAttempts", 5, 1, 100),
        v.duration("retryBackoff", Duration.ofSeconds(2), false),
        v.duration("reconcileInterval", Duration.ofSeconds(60), false),
        v.duration("retention", Duration.ofMinutes(6), false),
        v.integer("batchSize", 50, 1, 1000),
        v.integer("maxInFlight", 100, 1, 10_000));
    if (o.retention().compareTo(MIN_RETENTION) < 0) {
      throw v.invalid("retention", "must be at least PT6M (terminated bookings stay readable 360 s)", o.retention());
    }
    if (o.retryBackoff().compareTo(MAX_BACKOFF) > 0) {
      throw v.invalid("retryBackoff", "must not exceed PT5M", o.retryBackoff());
    }
    return o;
  }

  /** The wait after the given failed attempt (1-based): retryBackoff x 2^(attempt-1), at most {@link #MAX_BACKOFF}. */
  public Duration backoff(int attempt) {
    Duration d = retryBackoff.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 20));
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }
}
