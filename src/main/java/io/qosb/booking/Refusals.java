package io.qosb.booking;

import io.qosb.booking.BookingRepository.BookingTx;
import io.vertx.core.Future;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How a booking that admission refuses is answered, per API. */
final class Refusals {

  private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);

  private Refusals() {
  }

  /**
   * QBA: fails with 422 SERVICE_NOT_APPLICABLE and the reason (SPEC-NOTES §A-1; the transaction rolls
   * back). QB, area outside the operator's coverage: 422 QOS_BOOKING.AREA_NOT_COVERED. QB otherwise: stores the booking as TERMINATED/BOOKING_DECLINED, the spec's synchronous decline
   * ("201 with bookingStatus = TERMINATED and statusInfo = BOOKING_DECLINED"; §3.5, §A-15); it holds
   * no device and no capacity, and is purged after the retention period like any terminated booking.
   *
   * @param tx the createBooking transaction, in which {@code b} is inserted with version 1
   */
  static Future<Booking> refuse(BookingTx tx, Booking b, Admission.Decision d, Instant now) {
    if (b.api() == Api.QBA) {
      return Future.failedFuture(CamaraException.unprocessable("SERVICE_NOT_APPLICABLE", d.reason()));
    }
    if (d.notCovered()) {
      return Future.failedFuture(CamaraException.unprocessable("QOS_BOOKING.AREA_NOT_COVERED", d.reason()));
    }
    LOG.info("booking declined [bookingId: {}, reason: {}]", b.id(), d.reason());
    Booking declined = new Booking(b.id(), b.owner(), b.api(), b.qosProfile(), b.startTime(), b.start(),
        b.durationSeconds(), b.serviceArea(), b.totalDevices(), b.remainingDevices(),
        BookingStatus.terminated(TerminationReason.BOOKING_DECLINED), b.sink(), b.sinkCredential(), b.device(),
        b.deviceFromToken(), b.flows(), b.createdAt(), null, now, 1, b.apiVersion());
    return tx.updateBooking(declined);
  }
}
