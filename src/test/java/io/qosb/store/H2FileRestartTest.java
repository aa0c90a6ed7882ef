package io.qosb.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.booking.Assignment;
import io.qosb.booking.Booking;
import io.qosb.booking.BookingEngine;
import io.qosb.booking.BookingPolicy;
import io.qosb.booking.Bookings;
import io.qosb.booking.Caller;
import io.qosb.booking.Device;
import io.qosb.booking.DeviceDirectory;
import io.qosb.booking.MutableClock;
import io.qosb.booking.ProfileRules;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Durability of the embedded H2 file store. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class H2FileRestartTest {

  @TempDir
  Path dir;

  /** Verifies that a booking and its assignments survive closing and reopening the file store. */
  @Test
  void testBookingSurvivesRestart(Vertx vertx, VertxTestContext ctx) {
    String url = "h2:file:" + dir.resolve("qosb").toAbsolutePath();
    Instant start = Instant.parse("2030-01-01T10:00:00Z");
    Caller app = Caller.twoLegged("app-1");
    List<Device> devices = List.of(Bookings.newDevice(), Bookings.newDevice());
    Store.open(vertx, url).compose(store -> {
      BookingEngine engine = new BookingEngine(store.bookings(), DeviceDirectory.open(),
          ProfileRules.of(Map.of("QOS_L", ProfileRules.Limits.ANY)), new MutableClock(start.minusSeconds(60)),
          BookingPolicy.defaults());
      return engine.createBooking(app, Bookings.qba(start, 600, 3))
          .compose(b -> engine.assignDevices(app, b.id(), devices, null, null))
          .compose(r -> store.close().map(r.booking()));
    }).compose(booked -> Store.open(vertx, url).compose(again -> Future.all(
            again.bookings().find(booked.id()), again.bookings().assignments(booked.id()))
        .map(all -> Map.entry(booked, all)).eventually(again::close)))
        .onComplete(ctx.succeeding(e -> ctx.verify(() -> {
          Booking read = e.getValue().<Optional<Booking>>resultAt(0).orElseThrow();
          assertThat(read).isEqualTo(e.getKey());
          assertThat(read.remainingDevices()).isEqualTo(1);
          assertThat(e.getValue().<List<Assignment>>resultAt(1)).extracting(a -> a.device().key())
              .containsExactlyInAnyOrderElementsOf(devices.stream().map(Device::key).toList());
          ctx.completeNow();
        })));
  }
}
