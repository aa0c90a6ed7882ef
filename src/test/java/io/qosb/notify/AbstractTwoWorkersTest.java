package io.qosb.notify;

import static io.qosb.notify.NotifyFixture.accessToken;
import static io.qosb.notify.NotifyFixture.eventually;
import static io.qosb.notify.NotifyFixture.quietFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.booking.Booking;
import io.qosb.booking.BookingEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Verifies that two replicas draining one outbox send every event exactly once, in booking order. */
@Timeout(value = 40, unit = TimeUnit.SECONDS)
abstract class AbstractTwoWorkersTest {

  /** The database URL both replicas open, and the PostgreSQL schema (null for H2). */
  abstract Future<String[]> database(Vertx vertx);

  abstract Future<Void> dropDatabase(Vertx vertx);

  /** Verifies that with two workers on one store each of 40 events is delivered once, in order per booking. */
  @Test
  void testTwoWorkersDeliverEachEventOnce() {
    Vertx vertx = Vertx.vertx();
    TestSink sink = new TestSink(vertx).start().await();
    String[] db = database(vertx).await();
    NotifyFixture a = NotifyFixture.open(vertx, db[0], db[1], NotifyFixture.config(), Clock.systemUTC(), false).await();
    NotifyFixture b = NotifyFixture.open(vertx, db[0], db[1], NotifyFixture.config(), Clock.systemUTC(), false).await();
    try {
      List<Booking> bookings = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        NotifyFixture via = i % 2 == 0 ? a : b;
        Booking booking = via.createQb(sink.url("/two"), accessToken("two", Instant.now().plusSeconds(3600))).await();
        via.engine.applyEvent(booking.id(), BookingEvent.ACTIVATE).await();
        bookings.add(booking);
      }
      a.notifications.start();
      b.notifications.start();
      eventually(Duration.ofSeconds(15), () -> sink.at("/two").size() >= 40);
      quietFor(vertx, Duration.ofMillis(300)).await();
      List<TestSink.Received> got = sink.at("/two");
      assertThat(got).hasSize(40);
      assertThat(got.stream().map(r -> r.json().getString("id")).distinct().count()).isEqualTo(40);
      Map<String, List<String>> perBooking = got.stream().map(TestSink.Received::json).collect(Collectors.groupingBy(
          e -> e.getJsonObject("data").getString("bookingId"),
          Collectors.mapping(e -> e.getJsonObject("data").getString("bookingStatus"), Collectors.toList())));
      assertThat(perBooking).hasSize(20);
      perBooking.values().forEach(statuses -> assertThat(statuses).containsExactly("SCHEDULED", "ACTIVATED"));
    } finally {
      a.close().await();
      b.close().await();
      dropDatabase(vertx).await();
      sink.close().await();
      vertx.close().await();
    }
  }
}
