package io.qosb.booking;

import io.qosb.booking.BookingRepository.BookingTx;
import io.vertx.core.Future;
import java.util.Objects;

/**
 * Admission control: decides whether the network can honour a new booking. Called by
 * {@link BookingEngine#createBooking} inside its transaction, after the booking row is written and
 * before the transaction commits, so that the decision and whatever the implementation records for
 * it commit or roll back together with the booking.
 */
@FunctionalInterface
public interface Admission {

  /** Admits every booking. */
  Admission ACCEPT_ALL = (tx, booking) -> Future.succeededFuture(Decision.ACCEPTED);

  /**
   * @param tx the createBooking transaction
   * @param booking the new booking, already inserted in {@code tx}
   * @return the decision; a failed future fails the request (and rolls the booking back)
   */
  Future<Decision> admit(BookingTx tx, Booking booking);

  /**
   * @param accepted true if the booking may be made
   * @param reason for a refusal: a sentence for the developer naming where and when capacity is
   *     missing; null when accepted
   * @param notCovered true when the refusal is because the operator does not serve the area at all
   *     (QB answers 422 QOS_BOOKING.AREA_NOT_COVERED rather than a decline)
   */
  record Decision(boolean accepted, String reason, boolean notCovered) {

    public static final Decision ACCEPTED = new Decision(true, null, false);

    /** A refusal with its reason. */
    public static Decision refused(String reason) {
      return new Decision(false, Objects.requireNonNull(reason, "reason"), false);
    }

    /** A refusal because the area lies outside the operator's coverage. */
    public static Decision notCoveredArea(String reason) {
      return new Decision(false, Objects.requireNonNull(reason, "reason"), true);
    }
  }
}
