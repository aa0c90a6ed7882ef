package io.qosb.booking;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A durable job to write in the same transaction as the booking change that causes it.
 *
 * @param kind what the job does
 * @param bookingId the booking it is about
 * @param deviceKey the device for ACTIVATE and DEACTIVATE, null for START and END
 * @param dueAt when it falls due
 */
public record JobRequest(JobKind kind, UUID bookingId, String deviceKey, Instant dueAt) {

  /**
   * @throws NullPointerException if kind, bookingId or dueAt is null
   * @throws IllegalArgumentException if deviceKey is missing for a device job or given for a booking job
   */
  public JobRequest {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(bookingId, "bookingId");
    Objects.requireNonNull(dueAt, "dueAt");
    boolean deviceJob = kind == JobKind.ACTIVATE || kind == JobKind.DEACTIVATE;
    if (deviceJob != (deviceKey != null)) {
      throw new IllegalArgumentException("deviceKey must be given exactly for ACTIVATE and DEACTIVATE");
    }
  }

  public static JobRequest start(UUID bookingId, Instant at) {
    return new JobRequest(JobKind.START, bookingId, null, at);
  }

  public static JobRequest end(UUID bookingId, Instant at) {
    return new JobRequest(JobKind.END, bookingId, null, at);
  }

  public static JobRequest activate(UUID bookingId, String deviceKey, Instant at) {
    return new JobRequest(JobKind.ACTIVATE, bookingId, deviceKey, at);
  }

  public static JobRequest deactivate(UUID bookingId, String deviceKey, Instant at) {
    return new JobRequest(JobKind.DEACTIVATE, bookingId, deviceKey, at);
  }
}
