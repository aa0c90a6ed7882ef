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
 * @param carrier the row that carries the job
 */
public record Job(UUID id, JobKind kind, UUID bookingId, String deviceKey, Instant dueAt, int attempts,
    Carrier carrier) {

  /** Which row carries a job. */
  public enum Carrier {
    /** A row of table {@code job}. */
    JOB,
    /** The START or END the booking row carries itself ({@code booking.due_kind}, V8); the id is the booking id. */
    BOOKING,
    /**
     * The ACTIVATE the device's assignment row carries itself ({@code assignment.sub_due_ms}, V10); the
     * id is derived from booking id and device key. Its claim token is owner, attempt and due time.
     */
    ASSIGNMENT
  }

  public Job {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(bookingId, "bookingId");
    Objects.requireNonNull(dueAt, "dueAt");
    Objects.requireNonNull(carrier, "carrier");
    if (carrier == Carrier.BOOKING && (kind == JobKind.ACTIVATE || kind == JobKind.DEACTIVATE)) {
      throw new IllegalArgumentException("a booking row carries only its START and END");
    }
    if (carrier == Carrier.ASSIGNMENT && (kind != JobKind.ACTIVATE || deviceKey == null)) {
      throw new IllegalArgumentException("an assignment row carries only its device's ACTIVATE");
    }
  }

  /** A row of table {@code job}. */
  public Job(UUID id, JobKind kind, UUID bookingId, String deviceKey, Instant dueAt, int attempts) {
    this(id, kind, bookingId, deviceKey, dueAt, attempts, Carrier.JOB);
  }

  /** True for the START or END carried by the booking row itself. */
  public boolean onBooking() {
    return carrier == Carrier.BOOKING;
  }

  /** True for the ACTIVATE carried by the device's assignment row itself. */
  public boolean onAssignment() {
    return carrier == Carrier.ASSIGNMENT;
  }

  /** The START or END a booking row carries, as claimed. */
  static Job ofBooking(UUID bookingId, JobKind kind, Instant dueAt, int attempts) {
    return new Job(bookingId, kind, bookingId, null, dueAt, attempts, Carrier.BOOKING);
  }

  /** The ACTIVATE an assignment row carries, as claimed. */
  static Job ofAssignment(UUID bookingId, String deviceKey, Instant dueAt, int attempts) {
    UUID id = UUID.nameUUIDFromBytes((bookingId + "/" + deviceKey).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return new Job(id, JobKind.ACTIVATE, bookingId, deviceKey, dueAt, attempts, Carrier.ASSIGNMENT);
  }
}
