package io.qosb.store;

import io.qosb.booking.JobKind;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A durable job as claimed from the store.
 *
 * @param id job id
 * @param kind what it does
 * @param bookingId the booking it is about
 * @param deviceKey the device of ACTIVATE and DEACTIVATE jobs, else null
 * @param dueAt when it fell due (for ACTIVATE jobs of a window start: the start time)
 * @param attempts attempts made so far, including the one this claim starts; with the lease owner it
 *     is the claim token: settling writes only while both still match (a later claim counted up)
 * @param onBooking true for the START or END carried by the booking row itself ({@code booking.due_kind},
 *     then {@code id} is the booking id); false for a row of table {@code job}
 */
public record Job(UUID id, JobKind kind, UUID bookingId, String deviceKey, Instant dueAt, int attempts,
    boolean onBooking) {

  public Job {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(bookingId, "bookingId");
    Objects.requireNonNull(dueAt, "dueAt");
    if (onBooking && (kind == JobKind.ACTIVATE || kind == JobKind.DEACTIVATE)) {
      throw new IllegalArgumentException("a booking row carries only its START and END");
    }
  }

  /** A row of table {@code job}. */
  public Job(UUID id, JobKind kind, UUID bookingId, String deviceKey, Instant dueAt, int attempts) {
    this(id, kind, bookingId, deviceKey, dueAt, attempts, false);
  }

  /** The START or END a booking row carries, as claimed. */
  static Job ofBooking(UUID bookingId, JobKind kind, Instant dueAt, int attempts) {
    return new Job(bookingId, kind, bookingId, null, dueAt, attempts, true);
  }
}
