package io.qosb.booking;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One device assigned to one booking.
 *
 * @param bookingId the booking
 * @param device the device, as the request named it (key = resolved subscriber key)
 * @param state the assignment's state
 * @param threeLegged true if assigned with a three-legged token: then never disclosed to
 *     two-legged callers (§A-18)
 * @param sink where assignment events for this device go (§A-22), or null
 * @param sinkCredential the credential for that sink, or null
 * @param assignedAt when it was assigned
 */
public record Assignment(UUID bookingId, Device device, AssignmentState state, boolean threeLegged, String sink,
    SinkCredential sinkCredential, Instant assignedAt) {

  /**
   * @throws NullPointerException if bookingId, device, state or assignedAt is null
   */
  public Assignment {
    Objects.requireNonNull(bookingId, "bookingId");
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(assignedAt, "assignedAt");
  }

  /** The same assignment after the event. */
  public Assignment on(AssignmentState.Event event) {
    return new Assignment(bookingId, device, state.on(event), threeLegged, sink, sinkCredential, assignedAt);
  }
}
