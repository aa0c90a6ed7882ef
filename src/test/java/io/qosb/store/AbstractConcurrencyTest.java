package io.qosb.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.booking.AssignmentResult;
import io.qosb.booking.Booking;
import io.qosb.booking.BookingEngine;
import io.qosb.booking.BookingPolicy;
import io.qosb.booking.Bookings;
import io.qosb.booking.Caller;
import io.qosb.booking.CamaraException;
import io.qosb.booking.Device;
import io.qosb.booking.DeviceDirectory;
import io.qosb.booking.MutableClock;
import io.qosb.booking.ProfileRules;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Concurrent assignments through the engine, on a real database. */
abstract class AbstractConcurrencyTest extends AbstractStoreTest {

  private static final Caller APP = Caller.twoLegged("app-1");
  private static final int N = 8;

  private BookingEngine engine;

  @BeforeEach
  void engine() {
    engine = new BookingEngine(repo, DeviceDirectory.open(), ProfileRules.of(Map.of("QOS_L", ProfileRules.Limits.ANY)),
        new MutableClock(T0.minusSeconds(3600)), BookingPolicy.defaults());
  }

  /**
   * Verifies that of N concurrent assignments of one device to two overlapping bookings, only
   * requests to one booking succeed, the others fail with 409, and the device is held once.
   */
  @Test
  void testConcurrentAssignmentsOfOneDeviceOneBookingWins(Vertx vertx, VertxTestContext ctx) {
    Device d = Bookings.newDevice();
    Future.all(engine.createBooking(APP, Bookings.qba(T0, 3600, 5)), engine.createBooking(APP, Bookings.qba(T0.plusSeconds(60), 3600, 5)))
        .compose(created -> {
          List<Booking> bookings = List.of(created.resultAt(0), created.resultAt(1));
          List<Future<AssignmentResult>> attempts = new ArrayList<>();
          for (int i = 0; i < N; i++) {
            attempts.add(engine.assignDevices(APP, bookings.get(i % 2).id(), List.of(d), null, null));
          }
          return Future.join(attempts).transform(x -> Future.succeededFuture(attempts))
              .compose(done -> Future.all(engine.getDevices(APP, bookings.get(0).id()), engine.getDevices(APP, bookings.get(1).id()))
                  .map(devs -> Map.<String, Object>of("attempts", done, "a", devs.resultAt(0), "b", devs.resultAt(1))));
        })
        .onComplete(ctx.succeeding(m -> ctx.verify(() -> {
          @SuppressWarnings("unchecked")
          List<Future<AssignmentResult>> attempts = (List<Future<AssignmentResult>>) m.get("attempts");
          AssignmentResult a = (AssignmentResult) m.get("a");
          AssignmentResult b = (AssignmentResult) m.get("b");
          assertThat(a.devices().size() + b.devices().size()).isEqualTo(1);
          int winner = a.devices().isEmpty() ? 1 : 0;
          for (int i = 0; i < N; i++) {
            Future<AssignmentResult> f = attempts.get(i);
            if (i % 2 == winner) {
              assertThat(f.succeeded()).as("attempt %d", i).isTrue();
            } else {
              assertThat(f.cause()).as("attempt %d", i).isInstanceOfSatisfying(CamaraException.class,
                  e -> assertThat(e.code()).isEqualTo("INCOMPATIBLE_STATE"));
            }
          }
          AssignmentResult won = winner == 0 ? a : b;
          assertThat(won.booking().remainingDevices()).isEqualTo(4);
          ctx.completeNow();
        })));
  }

  /** Verifies that concurrent assignments of distinct devices never exceed the booking's total. */
  @Test
  void testConcurrentAssignmentsRespectQuota(VertxTestContext ctx) {
    engine.createBooking(APP, Bookings.qba(T0, 3600, 3))
        .compose(b -> {
          List<Future<AssignmentResult>> attempts = new ArrayList<>();
          for (int i = 0; i < N; i++) {
            attempts.add(engine.assignDevices(APP, b.id(), List.of(Bookings.newDevice()), null, null));
          }
          return Future.join(attempts).transform(x -> engine.getDevices(APP, b.id())
              .map(devs -> Map.entry(attempts.stream().filter(Future::succeeded).count(), devs)));
        })
        .onComplete(ctx.succeeding(e -> ctx.verify(() -> {
          assertThat(e.getKey()).isEqualTo(3L);
          assertThat(e.getValue().devices()).hasSize(3);
          assertThat(e.getValue().booking().remainingDevices()).isZero();
          ctx.completeNow();
        })));
  }

  Instant now() {
    return T0;
  }
}
