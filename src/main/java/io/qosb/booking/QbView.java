package io.qosb.booking;

/**
 * A booking's status as QoS Booking shows it.
 *
 * @param bookingStatus {@code bookingStatus}
 * @param statusInfo {@code statusInfo}; null unless the booking is terminated
 */
public record QbView(Status bookingStatus, TerminationReason statusInfo) {

  /** QB {@code BookingStatus}. */
  public enum Status { REQUESTED, SCHEDULED, ACTIVATED, TERMINATED }
}
