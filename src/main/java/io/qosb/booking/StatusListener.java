package io.qosb.booking;

import io.qosb.booking.BookingRepository.BookingTx;
import io.vertx.core.Future;

/**
 * Told, inside the transaction, of a booking status change or device failure made outside the
 * engine (by the NEF scheduler), so that what must commit with it (the outbox event) does.
 */
@FunctionalInterface
public interface StatusListener {

  /** Does nothing. */
  StatusListener NONE = (tx, before, after) -> Future.succeededFuture();

  /**
   * @param tx the transaction of the change
   * @param before the booking as locked in that transaction
   * @param after the booking as updated
   */
  Future<Void> statusChanged(BookingTx tx, Booking before, Booking after);

  /**
   * Devices whose QoS failed in the network (SPEC-NOTES §A-17), inside the transaction that marked
   * them failed.
   *
   * @param failed the assignments that just failed
   * @param active the booking's assignments still active
   */
  default Future<Void> devicesFailed(BookingTx tx, Booking booking, java.util.List<Assignment> failed,
      java.util.List<Assignment> active) {
    return Future.succeededFuture();
  }
}
