package io.qosb.booking;

/**
 * A booking's status as QoS Booking and Assignment shows it.
 *
 * @param status {@code status}
 * @param statusInfo {@code statusInfo}, a {@code BookingStatusInfo} value
 */
public record QbaView(QbaStatus status, Info statusInfo) {

  /** The QBA {@code BookingStatusInfo} values the engine produces. */
  public enum Info {
    VALIDATION_PENDING, BOOKING_ACCEPTED, BOOKING_ACTIVATED, BOOKING_EXPIRED, BOOKING_CANCELLED,
    NETWORK_TERMINATED, SERVICE_NOT_AVAILABLE, DELETE_REQUESTED
  }
}
