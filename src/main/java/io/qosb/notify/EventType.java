package io.qosb.notify;

/** The CloudEvent types the adapter sends: the {@code type} enums of the two booking APIs. */
public enum EventType {
  /** QoS Booking: {@code BookingEventType}. */
  QB_STATUS_CHANGED("org.camaraproject.qos-booking.v0.status-changed"),
  /** QoS Booking and Assignment: {@code QosBookingEventType}, booking status. */
  QBA_STATUS_CHANGED("org.camaraproject.qos-booking-and-assignment.v0.status-changed"),
  /** QoS Booking and Assignment: {@code QosBookingEventType}, device assignment status. */
  QBA_ASSIGNMENT_STATUS_CHANGED("org.camaraproject.qos-booking-and-assignment.v0.assignment-status-changed"),
  /** Fallback tag for a stored type this version does not know. */
  UNKNOWN("unknown");

  private final String type;

  EventType(String type) {
    this.type = type;
  }

  /** The CloudEvent {@code type}. */
  public String type() {
    return type;
  }

  /** The enum of a stored type, {@link #UNKNOWN} if none. */
  static EventType of(String type) {
    for (EventType t : values()) {
      if (t.type.equals(type)) {
        return t;
      }
    }
    return UNKNOWN;
  }
}
