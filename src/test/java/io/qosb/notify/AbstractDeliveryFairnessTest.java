package io.qosb.notify;

import static io.qosb.notify.NotifyFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.booking.Booking;
import io.qosb.booking.Bookings;
import io.qosb.booking.Caller;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Verifies delivery fairness (issue 15 item 5) as consumers see it: consumer A's slow sinks (on
 * 127.0.0.2) do not delay consumer B's events (sink on 127.0.0.1), one sink host never sees more than
 * {@code notify.perHostConcurrency} (default 4) requests at once, and the delivery lag of each outcome
 * is in the Prometheus scrape.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class AbstractDeliveryFairnessTest {

  static final Caller A = Caller.twoLegged("consumer-a");
  static final Caller B = Caller.twoLegged("consumer-b");

  Vertx vertx;
  TestSink fast;
  TestSink slow;
  NotifyFixture fx;

  /** The database URL and the PostgreSQL schema (null for H2). */
  abstract Future<String[]> database(Vertx vertx);

  abstract Future<Void> dropDatabase(Vertx vertx);

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    fast = new TestSink(vertx, "127.0.0.1").start().await();
    slow = new TestSink(vertx, "127.0.0.2").start().await();
  }

  @AfterEach
  void stop() {
    try {
      if (fx != null) {
        fx.close().await();
      }
      dropDatabase(vertx).await();
    } finally {
      fast.close().await();
      slow.close().await();
      vertx.close().await();
    }
  }

  private NotifyFixture open(NotifyConfig config, boolean startWorker) {
    String[] db = database(vertx).await();
    fx = NotifyFixture.open(vertx, db[0], db[1], config, Clock.systemUTC(), startWorker).await();
    return fx;
  }

  private Booking book(Caller caller, String sink) {
    return fx.engine.createBooking(caller, NotifyFixture.qb(Bookings.newDevice(), sink, null)).await();
  }

  /**
   * Verifies that while consumer A's 40 bookings have sinks that answer only after the request
   * timeout (every attempt fails and is retried at once, so A always has events due before B's), the
   * one event of consumer B's booking reaches B's sink within 2 s. Before the fix each poll waited for
   * a batch of 16 of A's attempts and B's event was never claimed.
   */
  @Test
  void testSlowSinksOfOneConsumerDoNotDelayAnotherConsumersEvent() {
    open(NotifyFixture.config(), true);
    slow.delay("/slow", Duration.ofSeconds(3));
    List<Booking> stuck = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      stuck.add(book(A, slow.url("/slow")));
    }
    eventually(Duration.ofSeconds(10), () -> slow.at("/slow").size() >= 4);

    long created = System.nanoTime();
    Booking b = book(B, fast.url("/fast"));
    eventually(Duration.ofSeconds(2), () -> fast.at("/fast").size() == 1);
    long tookMs = (System.nanoTime() - created) / 1_000_000;

    assertThat(fast.at("/fast").get(0).json().getJsonObject("data").getString("bookingId"))
        .isEqualTo(b.id().toString());
    assertThat(tookMs).isLessThan(2000);
    // A's events are still undelivered: the slow sink never answered in time
    assertThat(fx.outboxStates(stuck.get(0).id()).await()).containsExactly("PENDING");
  }

  /**
   * Verifies that one delivery hanging on a slow sink (request timeout 4 s) does not hold back the
   * events claimed after it: B's event arrives while A's request is still open. Before the fix the
   * worker claimed nothing until every delivery of its batch had ended.
   */
  @Test
  void testHangingDeliveryDoesNotHoldTheOthers() {
    open(NotifyFixture.config().withTimings(Duration.ofMillis(50), Duration.ofSeconds(15), Duration.ofSeconds(4),
        Duration.ofHours(24), Duration.ofMillis(20), Duration.ofMillis(100)), true);
    slow.delay("/hang", Duration.ofSeconds(10));
    book(A, slow.url("/hang"));
    eventually(Duration.ofSeconds(5), () -> slow.open() == 1);

    book(B, fast.url("/fast"));
    eventually(Duration.ofSeconds(2), () -> fast.at("/fast").size() == 1);
    assertThat(slow.open()).as("A's request is still waiting for its answer").isEqualTo(1);
  }

  /**
   * Verifies that a sink host (127.0.0.2, two ports: one host for the bound) that takes 500 ms per
   * request never sees more than notify.perHostConcurrency (4) of A's 12 events at once, that it sees
   * 4 (the slots are used), and that every event is delivered once. Before the fix it saw up to 10
   * (a batch of 12, the HTTP client's 5 connections per port). Request timeout 3 s, so that a cold
   * TLS set-up plus the 500 ms is not a timeout (and a resend).
   */
  @Test
  void testOneSinkHostSeesAtMostPerHostConcurrencyRequests() {
    open(NotifyFixture.config().withTimings(Duration.ofMillis(50), Duration.ofSeconds(10), Duration.ofSeconds(3),
        Duration.ofHours(24), Duration.ofMillis(20), Duration.ofMillis(100)), false);
    slow.delay("/busy", Duration.ofMillis(500));
    String otherPort = slow.anotherPort("/busy").await();
    for (int i = 0; i < 12; i++) {
      book(A, i % 2 == 0 ? slow.url("/busy") : otherPort);
    }
    fx.notifications.start();

    eventually(Duration.ofSeconds(15), () -> slow.at("/busy").size() >= 12 && slow.open() == 0);
    assertThat(slow.at("/busy")).hasSize(12);
    assertThat(slow.at("/busy").stream().map(r -> r.json().getString("id")).distinct()).hasSize(12);
    assertThat(slow.maxOpen()).isEqualTo(4);
  }

  /**
   * Verifies that an event written before V11 (no sink host stored) is still delivered, and that the
   * claim that reads it stores its host, so that later claims can pass it over when its host is busy.
   */
  @Test
  void testEventWithoutStoredHostIsDeliveredAndGetsItsHost() {
    open(NotifyFixture.config(), false);
    Booking b = book(B, fast.url("/legacy"));
    String bookingId = b.id().toString();
    fx.store.pool().preparedQuery(fx.store.dialect().placeholders(
        "UPDATE outbox_event SET sink_host = NULL WHERE booking_id = ?")).execute(Tuple.of(bookingId)).await();
    fx.notifications.start();

    eventually(Duration.ofSeconds(10), () -> fast.at("/legacy").size() == 1);
    String stored = fx.store.pool().preparedQuery(fx.store.dialect().placeholders(
        "SELECT sink_host FROM outbox_event WHERE booking_id = ?")).execute(Tuple.of(bookingId)).await()
        .iterator().next().getString(0);
    assertThat(stored).isEqualTo("127.0.0.1");
  }

  /**
   * Verifies that each outcome records its delivery lag (time since the event was created) in the
   * Prometheus scrape, as {@code qosb_notify_delivery_lag_seconds} tagged by outcome: events that
   * waited 400 ms for the worker show at least that lag.
   */
  @Test
  void testDeliveryLagPerOutcomeIsInTheScrape() {
    open(NotifyFixture.config(), false);
    fast.script("/gone", new TestSink.Reply(410, null));
    fast.script("/flaky", new TestSink.Reply(503, null));
    book(A, fast.url("/ok"));
    book(A, fast.url("/gone"));
    book(B, fast.url("/flaky"));
    NotifyFixture.quietFor(vertx, Duration.ofMillis(400)).await();
    fx.notifications.start();

    String lag = "qosb_notify_delivery_lag_seconds";
    eventually(Duration.ofSeconds(20), () -> fx.meter(lag + "_count", "outcome", "delivered") >= 2
        && fx.meter(lag + "_count", "outcome", "gone") >= 1);
    assertThat(fx.meter(lag + "_count", "outcome", "retry")).isGreaterThanOrEqualTo(1);
    assertThat(fx.meter(lag + "_sum", "outcome", "delivered")).isGreaterThanOrEqualTo(0.8);
    assertThat(fx.meter(lag + "_sum", "outcome", "gone")).isGreaterThanOrEqualTo(0.4);
    assertThat(fx.meter(lag + "_count", "outcome", "dead_letter")).isZero();
    assertThat(fx.registry.scrape()).contains(lag + "_bucket{outcome=\"delivered\",le=\"1.0\"}");
    assertThat(fast.at("/flaky")).hasSize(2);
  }
}
