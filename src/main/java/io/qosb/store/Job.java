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
 * @param attempts attempts made so far, including the one this claim starts
 */
public record Job(UUID id, JobKind kind, UUID bookingId, String deviceKey, Instant dueAt, int attempts) {

  public Job {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(bookingId, "bookingId");
    Objects.requireNonNull(dueAt, "dueAt");
  }
}
