package io.qosb.booking;

/** What can happen to a booking; {@link BookingStatus#on(BookingEvent)} decides whether it may. */
public enum BookingEvent {
  /** The admission decision grants a requested booking. */
  GRANT,
  /** The booked time starts (or a requested booking is granted after its start, §A-15). */
  ACTIVATE,
  /** The booked time is over. */
  EXPIRE,
  /** The network ends an active booking early. */
  NETWORK_TERMINATE,
  /** The operator rejects or revokes a booking before it starts. */
  REVOKE,
  /** The consumer deletes the booking. */
  DELETE
}
