package io.qosb.booking;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With the network unavailable, only work that needs it now is refused with 503. */
class NetworkAvailabilityEngineTest extends EngineTestBase {

  private BookingEngine offline() {
    return new BookingEngine(store.bookings(), DeviceDirectory.open(), PROFILES, clock,
        BookingPolicy.withMinLeadTime(Duration.ofMinutes(5)), () -> false);
  }

  /** Verifies that a scheduled booking is created, assigned and deleted although the network is unavailable. */
  @Test
  void testScheduledBookingNeedsNoNetwork(Vertx vertx, VertxTestContext ctx) {
    BookingEngine engine = offline();
    done(engine.createBooking(APP, qba(2))
        .compose(b -> engine.assignDevices(APP, b.id(), List.of(Bookings.newDevice()), null, null).map(b))
        .compose(b -> engine.deleteBooking(APP, Api.QBA, b.id()))
        .map(deleted -> {
          assertThat(deleted.status().reason()).isEqualTo(TerminationReason.DELETE_REQUESTED);
          return null;
        }), ctx);
  }

  /** Verifies that assigning to or deleting an active booking fails with 503 UNAVAILABLE while the network is unavailable. */
  @Test
  void testActiveBookingNeedsNetwork(Vertx vertx, VertxTestContext ctx) {
    BookingEngine engine = offline();
    done(engine.createBooking(APP, qba(2))
        .compose(b -> {
          clock.set(START);
          return engine.applyEvent(b.id(), BookingEvent.ACTIVATE);
        })
        .compose(b -> fails(engine.assignDevices(APP, b.id(), List.of(Bookings.newDevice()), null, null), 503, "UNAVAILABLE")
            .compose(v -> fails(engine.deleteBooking(APP, Api.QBA, b.id()), 503, "UNAVAILABLE"))
            .compose(v -> store.bookings().find(b.id())))
        .map(still -> {
          assertThat(still).get().extracting(b -> b.status().state()).isEqualTo(BookingState.ACTIVE);
          return null;
        }), ctx);
  }
}
