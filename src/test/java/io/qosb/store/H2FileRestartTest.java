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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Durability of the embedded H2 file store. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
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

  /**
   * Verifies that a store written by many concurrent transactions (group commit: one small chunk per
   * flush, most of it dead soon after) is compacted when closed: the file holds about its live data
   * (with pages compressed, as an operator may choose: under 3 KB per booking of 10 devices; the file
   * of the same run is several times that before the close) and every booking and assignment is there
   * after reopening.
   */
  @Test
  void testClosedStoreIsCompactedAndKeepsItsBookings(Vertx vertx) throws Exception {
    int n = 400;
    String url = "h2:file:" + dir.resolve("big").toAbsolutePath() + ";COMPRESS=TRUE";
    Instant start = Instant.parse("2030-01-01T10:00:00Z");
    Store store = Store.open(vertx, url).await();
    BookingEngine engine = new BookingEngine(store.bookings(), DeviceDirectory.open(),
        ProfileRules.of(Map.of("QOS_L", ProfileRules.Limits.ANY)), new MutableClock(start.minusSeconds(60)),
        BookingPolicy.defaults());
    List<UUID> ids = new ArrayList<>();
    // 16 bookings at a time, each created and then given its 10 devices: many small commits
    for (int from = 0; from < n; from += 16) {
      List<Future<UUID>> batch = IntStream.range(from, Math.min(n, from + 16)).mapToObj(i -> {
        Caller app = Caller.twoLegged("app-" + i);
        List<Device> devices = IntStream.range(0, 10).mapToObj(d -> Bookings.newDevice()).toList();
        return engine.createBooking(app, Bookings.qba(start.plusSeconds(i), 600, 10))
            .compose(b -> engine.assignDevices(app, b.id(), devices, null, null)).map(r -> r.booking().id());
      }).toList();
      Future.all(batch).await();
      batch.forEach(f -> ids.add(f.result()));
    }
    long open = Files.size(dir.resolve("big.mv.db"));
    store.close().await();
    long closed = Files.size(dir.resolve("big.mv.db"));
    assertThat(closed).as("file after close (before: %d bytes)", open).isLessThan(n * 3_000L);
    assertThat(closed).isLessThan(open);

    Store again = Store.open(vertx, url).await();
    try {
      for (UUID id : ids) {
        assertThat(again.bookings().find(id).await()).as(id.toString()).isPresent();
        assertThat(again.bookings().assignments(id).await()).as(id.toString()).hasSize(10);
      }
    } finally {
      again.close().await();
    }
  }
}
