package io.qosb.booking;

/** Why a booking is {@link BookingState#TERMINATED}; the names are QB's {@code statusInfo} values. */
public enum TerminationReason {
  DURATION_EXPIRED,
  NETWORK_TERMINATED,
  DELETE_REQUESTED,
  BOOKING_DECLINED,
  BOOKING_REVOKED
}
