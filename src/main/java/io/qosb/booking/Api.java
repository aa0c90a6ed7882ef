package io.qosb.booking;

/**
 * The CAMARA API through which a booking was made. Decides the error codes and limits that apply
 * and the collection a booking is visible in.
 */
public enum Api {
  /** QoS Booking and Assignment: several devices, assigned after creation. */
  QBA(86_400L, "QOS_BOOKING_AND_ASSIGNMENT.DURATION_OUT_OF_RANGE"),
  /** QoS Booking: one device, assigned at creation. */
  QB(31_622_400L, "QOS_BOOKING.DURATION_OUT_OF_RANGE");

  private final long maxDurationSeconds;
  private final String durationCode;

  Api(long maxDurationSeconds, String durationCode) {
    this.maxDurationSeconds = maxDurationSeconds;
    this.durationCode = durationCode;
  }

  /** The largest {@code duration} in seconds the API's schema allows. */
  public long maxDurationSeconds() {
    return maxDurationSeconds;
  }

  /** The API specific CAMARA code for a duration outside the allowed range. */
  public String durationCode() {
    return durationCode;
  }

  /** The 409 code the API documents for a conflicting booking of the same device. */
  public String conflictCode() {
    return this == QB ? "CONFLICT" : "INCOMPATIBLE_STATE";
  }

  /** The 422 code for a profile that exists but cannot be booked now. */
  public String profileNotApplicableCode() {
    return this == QB ? "QOS_BOOKING.QOS_PROFILE_NOT_APPLICABLE" : "SERVICE_NOT_APPLICABLE";
  }
}
