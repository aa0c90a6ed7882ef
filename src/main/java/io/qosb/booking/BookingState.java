package io.qosb.booking;

/** The one stored lifecycle state of a booking, from which both APIs' views are derived. */
public enum BookingState {
  /** Accepted, admission decision pending. */
  REQUESTED,
  /** Granted for a future start time. */
  SCHEDULED,
  /** In effect: the booked time has started and the network was asked for the QoS. */
  ACTIVE,
  /** Ended; see {@link TerminationReason}. Retained for a while, then purged. */
  TERMINATED
}
