package io.qosb.booking;

/** What a durable job of the scheduler does when it falls due. */
public enum JobKind {
  /** The booked window starts: activate the booking and every device assigned before it. */
  START,
  /** The booked window ends, or the booking was deleted: expire it and tear down its devices' QoS. */
  END,
  /** Request the QoS of one device from the network. */
  ACTIVATE,
  /** Remove the QoS of one device from the network. */
  DEACTIVATE
}
