package io.qosb.booking;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Verifies the booking rules of create, get, delete, retrieve and the sweeps. */
class BookingEngineTest extends EngineTestBase {

  /** Verifies that a QBA booking is created SCHEDULED, echoes its input and is stored. */
  @Test
  void testCreateQbaSucceeds(VertxTestContext ctx) {
    NewBooking req = NewBooking.qba("QOS_L", "2030-01-01T12:00:00.000+02:00", 3600, Bookings.circle(), null, null, null);
    done(engine.createBooking(APP, req).compose(b -> {
      assertThat(b.status()).isEqualTo(BookingStatus.scheduled());
      return engine.getBooking(APP, Api.QBA, b.id()).map(read -> {
        assertThat(read).isEqualTo(b);
        assertThat(read.startTime()).isEqualTo("2030-01-01T12:00:00.000+02:00");
        assertThat(new JsonObject(read.serviceArea().json())).isEqualTo(new JsonObject(Bookings.circle().json()));
        assertThat(read.totalDevices()).isEqualTo(1);
        assertThat(read.remainingDevices()).isEqualTo(1);
        assertThat(read.status().toQba()).isEqualTo(new QbaView(QbaStatus.SUCCESSFUL, QbaView.Info.BOOKING_ACCEPTED));
        return read;
      });
    }), ctx);
  }

  /** Verifies §A-24: start time now, in the past, within the lead time or beyond the horizon is 400 OUT_OF_RANGE. */
  @Test
  void testCreateFailsForStartTimeOutOfRange(VertxTestContext ctx) {
    done(Future.all(List.of(
        fails(engine.createBooking(APP, Bookings.qba(NOW, 60, 1)), 400, "OUT_OF_RANGE"),
        fails(engine.createBooking(APP, Bookings.qba(NOW.minusSeconds(1), 60, 1)), 400, "OUT_OF_RANGE"),
        fails(engine.createBooking(APP, Bookings.qba(NOW.plusSeconds(299), 60, 1)), 400, "OUT_OF_RANGE"),
        fails(engine.createBooking(APP, Bookings.qba(NOW.plus(Duration.ofDays(366)), 60, 1)), 400, "OUT_OF_RANGE"),
        fails(engine.createBooking(APP, NewBooking.qba("QOS_L", "2030-01-01T12:00:00", 60, Bookings.circle(), 1, null, null)),
            400, "INVALID_ARGUMENT"),
        engine.createBooking(APP, Bookings.qba(NOW.plusSeconds(300), 60, 1)),
        engine.createBooking(APP, Bookings.qba(NOW.plus(Duration.ofDays(365)), 60, 1)))), ctx);
  }

  /** Verifies duration limits per API and per profile, with the API specific codes. */
  @Test
  void testCreateFailsForDurationOutOfRange(VertxTestContext ctx) {
    String qbaCode = "QOS_BOOKING_AND_ASSIGNMENT.DURATION_OUT_OF_RANGE";
    NewBooking qb = NewBooking.qb("QOS_L", START.toString(), 31_622_401, Bookings.circle(), Bookings.newDevice(), null, null, null);
    NewBooking qbLong = NewBooking.qb("QOS_L", START.toString(), 86_401, Bookings.circle(), Bookings.newDevice(), null, null, null);
    NewBooking shortProfile = NewBooking.qba("QOS_SHORT", START.toString(), 601, Bookings.circle(), 1, null, null);
    done(Future.all(List.of(
        fails(engine.createBooking(APP, Bookings.qba(START, 0, 1)), 400, qbaCode),
        fails(engine.createBooking(APP, Bookings.qba(START, 86_401, 1)), 400, qbaCode),
        fails(engine.createBooking(APP, qb), 400, "QOS_BOOKING.DURATION_OUT_OF_RANGE"),
        fails(engine.createBooking(APP, shortProfile), 400, qbaCode),
        engine.createBooking(APP, Bookings.qba(START, 86_400, 1)),
        engine.createBooking(APP, qbLong))), ctx);
  }

  /** Verifies numDevices 1..50 (else 400 OUT_OF_RANGE). */
  @Test
  void testCreateFailsForNumDevicesOutOfRange(VertxTestContext ctx) {
    done(Future.all(List.of(
        fails(engine.createBooking(APP, qba(0)), 400, "OUT_OF_RANGE"),
        fails(engine.createBooking(APP, qba(51)), 400, "OUT_OF_RANGE"),
        engine.createBooking(APP, qba(50)))), ctx);
  }

  /** Verifies §A-1: unknown profile 400 INVALID_ARGUMENT; not bookable 422 with the API's code. */
  @Test
  void testCreateFailsForProfiles(VertxTestContext ctx) {
    NewBooking unknown = NewBooking.qba("QOS_NONE", START.toString(), 60, Bookings.circle(), 1, null, null);
    NewBooking old = NewBooking.qba("QOS_OLD", START.toString(), 60, Bookings.circle(), 1, null, null);
    NewBooking oldQb = NewBooking.qb("QOS_OLD", START.toString(), 60, Bookings.circle(), Bookings.newDevice(), null, null, null);
    done(Future.all(List.of(
        fails(engine.createBooking(APP, unknown), 400, "INVALID_ARGUMENT"),
        fails(engine.createBooking(APP, old), 422, "SERVICE_NOT_APPLICABLE"),
        fails(engine.createBooking(APP, oldQb), 422, "QOS_BOOKING.QOS_PROFILE_NOT_APPLICABLE"))), ctx);
  }

  /** Verifies QB identifier rules: two-legged needs the device, three-legged must not name one. */
  @Test
  void testCreateQbFailsForIdentifierRules(VertxTestContext ctx) {
    Caller threeLegged = new Caller("app-1", Bookings.newPhoneNumber());
    done(Future.all(List.of(
        fails(engine.createBooking(APP, qb(null)), 422, "MISSING_IDENTIFIER"),
        fails(engine.createBooking(threeLegged, qb(Bookings.newDevice())), 422, "UNNECESSARY_IDENTIFIER"),
        engine.createBooking(threeLegged, qb(null)).map(b -> {
          assertThat(b.deviceFromToken()).isTrue();
          assertThat(b.device().key()).isEqualTo("tel:" + threeLegged.phoneNumber());
          assertThat(b.remainingDevices()).isZero();
          return b;
        }))), ctx);
  }

  /** Verifies that a QB booking of a device with an overlapping booking is 409 CONFLICT; adjacent is fine. */
  @Test
  void testCreateQbFailsForOverlappingDevice(VertxTestContext ctx) {
    Device d = Bookings.newDevice();
    NewBooking next = NewBooking.qb("QOS_L", START.plusSeconds(3600).toString(), 60, Bookings.circle(), d, null, null, null);
    done(engine.createBooking(APP, qb(d))
        .compose(b -> fails(engine.createBooking(OTHER_APP, qb(d)), 409, "CONFLICT"))
        .compose(v -> engine.createBooking(APP, next)), ctx);
  }

  /** Verifies §A-2b: a three-legged QBA create fails with 409 if the token's device holds an overlapping booking. */
  @Test
  void testCreateQbaThreeLeggedFailsForBusyDevice(VertxTestContext ctx) {
    Device d = Bookings.newDevice();
    Caller user = new Caller("app-1", d.phoneNumber());
    done(engine.createBooking(APP, qb(d))
        .compose(b -> fails(engine.createBooking(user, qba(2)), 409, "INCOMPATIBLE_STATE"))
        .compose(v -> engine.createBooking(user, Bookings.qba(START.plusSeconds(7200), 60, 2))), ctx);
  }

  /** Verifies that another consumer gets 403 without the booking, unknown ids and the other API 404. */
  @Test
  void testGetFailsForOtherConsumerAndUnknownIds(VertxTestContext ctx) {
    done(createQba(1).compose(b -> Future.all(List.of(
        fails(engine.getBooking(OTHER_APP, Api.QBA, b.id()), 403, "PERMISSION_DENIED"),
        fails(engine.getBooking(APP, Api.QB, b.id()), 404, "NOT_FOUND"),
        fails(engine.getBooking(APP, Api.QBA, UUID.randomUUID()), 404, "NOT_FOUND"),
        fails(engine.deleteBooking(OTHER_APP, Api.QBA, b.id()), 403, "PERMISSION_DENIED")))), ctx);
  }

  /** Verifies §A-27: a QB booking is hidden (403) from a three-legged token of another device. */
  @Test
  void testGetQbFailsForOtherSubject(VertxTestContext ctx) {
    Device d = Bookings.newDevice();
    done(engine.createBooking(APP, qb(d)).compose(b -> Future.all(
        fails(engine.getBooking(new Caller("app-1", Bookings.newPhoneNumber()), Api.QB, b.id()), 403, "PERMISSION_DENIED"),
        engine.getBooking(new Caller("app-1", d.phoneNumber()), Api.QB, b.id()))), ctx);
  }

  /** Verifies that a booking past its end reads as expired before and after the sweep, then is purged. */
  @Test
  void testExpiredBookingReadsExpiredThenIsPurged(VertxTestContext ctx) {
    done(createQba(1).compose(b -> {
      clock.set(b.end());
      return engine.getBooking(APP, Api.QBA, b.id()).map(read -> {
        assertThat(read.status()).isEqualTo(BookingStatus.terminated(TerminationReason.DURATION_EXPIRED));
        assertThat(read.status().toQba().statusInfo()).isEqualTo(QbaView.Info.BOOKING_EXPIRED);
        assertThat(read.terminatedAt()).isEqualTo(b.end());
        return read;
      })
          .compose(v -> engine.expireDue(clock.instant()))
          .compose(n -> {
            assertThat(n).isGreaterThanOrEqualTo(1);
            return store.bookings().find(b.id());
          })
          .compose(stored -> {
            assertThat(stored.orElseThrow().status().reason()).isEqualTo(TerminationReason.DURATION_EXPIRED);
            return engine.purgeExpired(b.end().plusSeconds(359));
          })
          .compose(n -> engine.getBooking(APP, Api.QBA, b.id()))
          .compose(v -> engine.purgeExpired(b.end().plusSeconds(360)))
          .compose(n -> fails(engine.getBooking(APP, Api.QBA, b.id()), 404, "NOT_FOUND"));
    }), ctx);
  }

  /** Verifies that delete cancels, frees the devices and then reads as 404. */
  @Test
  void testDeleteFreesDevicesAndForgetsBooking(VertxTestContext ctx) {
    Device d = Bookings.newDevice();
    done(engine.createBooking(APP, qb(d)).compose(b -> engine.deleteBooking(APP, Api.QB, b.id())
        .map(deleted -> {
          assertThat(deleted.status()).isEqualTo(BookingStatus.terminated(TerminationReason.DELETE_REQUESTED));
          assertThat(deleted.status().toQba().statusInfo()).isEqualTo(QbaView.Info.BOOKING_CANCELLED);
          return deleted;
        })
        .compose(v -> fails(engine.getBooking(APP, Api.QB, b.id()), 404, "NOT_FOUND"))
        .compose(v -> fails(engine.deleteBooking(APP, Api.QB, b.id()), 404, "NOT_FOUND"))
        .compose(v -> engine.createBooking(OTHER_APP, qb(d)))), ctx);
  }

  /** Verifies §A-13: the caller's live bookings of the device, 403 if only others', [] if none. */
  @Test
  void testRetrieveByDevice(VertxTestContext ctx) {
    Device mine = Bookings.newDevice();
    Device theirs = Bookings.newDevice();
    done(Future.all(engine.createBooking(APP, qb(mine)), engine.createBooking(OTHER_APP, qb(theirs)))
        .compose(v -> Future.all(List.of(
            engine.retrieveBookingByDevice(APP, Api.QB, mine).map(l -> {
              assertThat(l).hasSize(1);
              return l;
            }),
            engine.retrieveBookingByDevice(new Caller("app-1", mine.phoneNumber()), Api.QB, null).map(l -> {
              assertThat(l).hasSize(1);
              return l;
            }),
            engine.retrieveBookingByDevice(APP, Api.QBA, mine).map(l -> {
              assertThat(l).isEmpty();
              return l;
            }),
            engine.retrieveBookingByDevice(APP, Api.QB, Bookings.newDevice()).map(l -> {
              assertThat(l).isEmpty();
              return l;
            }),
            fails(engine.retrieveBookingByDevice(APP, Api.QB, theirs), 403, "PERMISSION_DENIED"),
            fails(engine.retrieveBookingByDevice(APP, Api.QB, null), 422, "MISSING_IDENTIFIER"),
            fails(engine.retrieveBookingByDevice(new Caller("app-1", mine.phoneNumber()), Api.QB, mine), 422,
                "UNNECESSARY_IDENTIFIER")))), ctx);
  }

  /** Verifies that lifecycle events are applied through the state machine and refused when illegal. */
  @Test
  void testApplyEventFollowsStateMachine(VertxTestContext ctx) {
    done(createQba(1).compose(b -> engine.applyEvent(b.id(), BookingEvent.ACTIVATE)
        .map(active -> {
          assertThat(active.status().toQb().bookingStatus()).isEqualTo(QbView.Status.ACTIVATED);
          assertThat(active.startedAt()).isEqualTo(NOW);
          assertThat(active.version()).isEqualTo(2);
          return active;
        })
        .compose(v -> fails(engine.applyEvent(b.id(), BookingEvent.GRANT), 409, "INCOMPATIBLE_STATE"))
        .compose(v -> engine.applyEvent(b.id(), BookingEvent.NETWORK_TERMINATE))
        .map(t -> {
          assertThat(t.status().toQba().status()).isEqualTo(QbaStatus.FAILURE);
          return t;
        })), ctx);
  }
}
