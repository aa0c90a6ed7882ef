package io.qosb.notify;

import static io.qosb.notify.NotifyFixture.accessToken;
import static io.qosb.notify.NotifyFixture.eventually;
import static io.qosb.notify.NotifyFixture.quietFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.booking.AssignmentResult;
import io.qosb.booking.Booking;
import io.qosb.booking.BookingEvent;
import io.qosb.booking.Bookings;
import io.qosb.booking.Device;
import io.qosb.booking.SinkCredential;
import io.qosb.store.TestDatabases;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Verifies the notifications of booking changes end to end against a local HTTPS sink: each event
 * type as the official schemas define it, the credential header, retries, 410, 429, order, expired
 * credentials and metrics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NotificationDeliveryTest {

  private static final Duration WITHIN = Duration.ofSeconds(5);

  Vertx vertx;
  TestSink sink;
  NotifyFixture fx;
  EventSchemas schemas;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    sink = new TestSink(vertx).start().await();
    fx = NotifyFixture.open(vertx, TestDatabases.newH2Url(), null, NotifyFixture.config(), java.time.Clock.systemUTC(),
        true).await();
  }

  @AfterAll
  void stop() {
    fx.close().await();
    sink.close().await();
    vertx.close().await();
  }

  private SinkCredential token(String value) {
    return accessToken(value, Instant.now().plus(Duration.ofHours(2)));
  }

  private List<JsonObject> events(String path, int n) {
    eventually(WITHIN, () -> sink.at(path).size() >= n);
    return sink.at(path).stream().map(TestSink.Received::json).toList();
  }

  /** Verifies QB events SCHEDULED (§A-14), ACTIVATED, TERMINATED/NETWORK_TERMINATED and TERMINATED/DELETE_REQUESTED. */
  @Test
  void testQbLifecycleEventsMatchTheSchema() {
    Booking b = fx.createQb(sink.url("/qb"), token("qb-token")).await();
    fx.engine.applyEvent(b.id(), BookingEvent.ACTIVATE).await();
    fx.engine.applyEvent(b.id(), BookingEvent.NETWORK_TERMINATE).await();
    Booking deleted = fx.createQb(sink.url("/qb-del"), token("qb-token")).await();
    fx.engine.deleteBooking(NotifyFixture.APP, io.qosb.booking.Api.QB, deleted.id()).await();

    List<JsonObject> got = events("/qb", 3);
    assertThat(got).extracting(e -> e.getJsonObject("data").getString("bookingStatus"))
        .containsExactly("SCHEDULED", "ACTIVATED", "TERMINATED");
    assertThat(got.get(0).getJsonObject("data").containsKey("statusInfo")).isFalse();
    assertThat(got.get(2).getJsonObject("data").getString("statusInfo")).isEqualTo("NETWORK_TERMINATED");
    JsonObject del = events("/qb-del", 2).get(1);
    assertThat(del.getJsonObject("data").getString("bookingStatus")).isEqualTo("TERMINATED");
    assertThat(del.getJsonObject("data").getString("statusInfo")).isEqualTo("DELETE_REQUESTED");

    Set<String> ids = new HashSet<>();
    for (JsonObject e : got) {
      assertEnvelope(e, "org.camaraproject.qos-booking.v0.status-changed",
          "https://adapter.test/qos-booking/v0.2/device-qos-bookings/" + b.id());
      assertThat(e.getJsonObject("data").getString("bookingId")).isEqualTo(b.id().toString());
      ids.add(e.getString("id"));
    }
    assertThat(ids).hasSize(3);
    for (TestSink.Received r : sink.at("/qb")) {
      assertThat(r.headers().get("content-type")).isEqualTo("application/cloudevents+json");
      NotifyFixture.assertBearer(r, "qb-token");
    }
    EventSchemas s = EventSchemas.loadOrSkip();
    got.forEach(e -> s.assertValid(EventSchemas.QB, "EventStatusChanged", e));
    s.assertValid(EventSchemas.QB, "EventStatusChanged", del);
  }

  private static void assertEnvelope(JsonObject e, String type, String source) {
    assertThat(e.getString("specversion")).isEqualTo("1.0");
    assertThat(e.getString("type")).isEqualTo(type);
    assertThat(e.getString("source")).isEqualTo(source);
    assertThat(e.getString("datacontenttype")).isEqualTo("application/json");
    assertThat(OffsetDateTime.parse(e.getString("time")).toInstant()).isBefore(Instant.now().plusSeconds(1));
    assertThat(e.getString("id")).isNotBlank();
  }

  /**
   * Verifies QBA booking events (none for the synchronous 201; BOOKING_ACTIVATED, BOOKING_EXPIRED,
   * NETWORK_TERMINATED, BOOKING_CANCELLED) and assignment events (release to the assignment's sink,
   * per-device failure), each valid against the official schema.
   */
  @Test
  void testQbaEventsMatchTheSchema() {
    Booking expiring = fx.engine.createBooking(NotifyFixture.APP, NotifyFixture.qba(2, sink.url("/qba"), null)).await();
    Device d1 = Bookings.newDevice();
    Device d2 = Bookings.newDevice();
    AssignmentResult assigned = fx.engine.assignDevices(NotifyFixture.APP, expiring.id(), List.of(d1, d2),
        sink.url("/qba-devices"), token("dev-token")).await();
    assertThat(assigned.devices()).hasSize(2);
    fx.engine.applyEvent(expiring.id(), BookingEvent.ACTIVATE).await();
    fx.store.bookings().inTransaction(List.of(), tx -> tx.lockBooking(expiring.id()).compose(b -> tx.assignments(expiring.id())
        .compose(rows -> fx.notifications.devicesFailed(tx, b.orElseThrow(), rows.subList(0, 1), rows.subList(1, 2)))))
        .await();
    fx.engine.releaseDevices(NotifyFixture.APP, expiring.id(), List.of(d1), null, null).await();
    fx.engine.expireDue(expiring.end().plusSeconds(1)).await();
    Booking failing = fx.engine.createBooking(NotifyFixture.APP, NotifyFixture.qba(1, sink.url("/qba-net"), null)).await();
    fx.engine.applyEvent(failing.id(), BookingEvent.ACTIVATE).await();
    fx.engine.applyEvent(failing.id(), BookingEvent.NETWORK_TERMINATE).await();
    Booking cancelled = fx.engine.createBooking(NotifyFixture.APP, NotifyFixture.qba(1, sink.url("/qba-del"), null)).await();
    fx.engine.deleteBooking(NotifyFixture.APP, io.qosb.booking.Api.QBA, cancelled.id()).await();

    List<JsonObject> booking = events("/qba", 2);
    assertThat(booking).extracting(e -> e.getJsonObject("data").getString("statusInfo"))
        .containsExactly("BOOKING_ACTIVATED", "BOOKING_EXPIRED");
    assertThat(booking).extracting(e -> e.getJsonObject("data").getString("status")).containsExactly("SUCCESSFUL", "SUCCESSFUL");
    JsonObject net = events("/qba-net", 2).get(1);
    assertThat(net.getJsonObject("data").getString("status") + "/" + net.getJsonObject("data").getString("statusInfo"))
        .isEqualTo("FAILURE/NETWORK_TERMINATED");
    JsonObject cancel = events("/qba-del", 1).get(0);
    assertThat(cancel.getJsonObject("data").getString("status") + "/" + cancel.getJsonObject("data").getString("statusInfo"))
        .isEqualTo("SUCCESSFUL/BOOKING_CANCELLED");
    List<JsonObject> devices = events("/qba-devices", 2);
    JsonObject failure = devices.get(0).getJsonObject("data");
    assertThat(failure.getString("status") + "/" + failure.getString("statusInfo")).isEqualTo("PARTIAL_SUCCESS/DEVICE_UNKNOWN_ERROR");
    assertThat(failure.getJsonObject("deviceDetails").getJsonArray("devices")).containsExactly(d2.toJson());
    JsonObject release = devices.get(1).getJsonObject("data");
    assertThat(release.getString("status") + "/" + release.getString("statusInfo")).isEqualTo("SUCCESSFUL/ASSIGNMENT_COMPLETED");
    assertThat(release.getJsonObject("deviceDetails").getJsonArray("devices")).containsExactly(d1.toJson());
    assertThat(release.getJsonObject("deviceDetails").getJsonObject("bookingDetails").getInteger("remainingDevices")).isEqualTo(1);
    sink.at("/qba-devices").forEach(r -> NotifyFixture.assertBearer(r, "dev-token"));
    sink.at("/qba").forEach(r -> assertThat(r.headers().get("authorization")).isNull());
    assertThat(devices.get(0).getString("type")).isEqualTo("org.camaraproject.qos-booking-and-assignment.v0.assignment-status-changed");
    assertThat(booking.get(0).getString("source"))
        .isEqualTo("https://adapter.test/qos-booking-and-assignment/v0.2/qos-bookings/" + expiring.id());

    EventSchemas s = EventSchemas.loadOrSkip();
    for (JsonObject e : List.of(booking.get(0), booking.get(1), net, cancel)) {
      s.assertValid(EventSchemas.QBA, "EventBookingStatusChanged", e);
    }
    devices.forEach(e -> s.assertValid(EventSchemas.QBA, "EventAssignmentStatusChanged", e));
  }

  /** Verifies that a booking without sink produces nothing, nor does a change that keeps the status. */
  @Test
  void testNoEventWithoutSinkOrWithoutStatusChange() {
    Booking silent = fx.createQb(null, null).await();
    fx.engine.applyEvent(silent.id(), BookingEvent.ACTIVATE).await();
    Booking qba = fx.engine.createBooking(NotifyFixture.APP, NotifyFixture.qba(2, sink.url("/same"), null)).await();
    fx.engine.assignDevices(NotifyFixture.APP, qba.id(), List.of(Bookings.newDevice()), null, null).await();
    quietFor(vertx, Duration.ofMillis(300));
    assertThat(fx.outboxStates(silent.id()).await()).isEmpty();
    assertThat(fx.outboxStates(qba.id()).await()).isEmpty();
    assertThat(sink.at("/same")).isEmpty();
  }

  /** Verifies that a sink failing three times then accepting gets the event delivered exactly once. */
  @Test
  void testDeliveryRetriesUntilTheSinkAccepts() {
    sink.script("/flaky", new TestSink.Reply(503, null), new TestSink.Reply(500, null), new TestSink.Reply(502, null));
    double retriesBefore = fx.meter("qosb_events_deliveries_total", "outcome", "retry");
    Booking b = fx.createQb(sink.url("/flaky"), token("t")).await();
    eventually(WITHIN, () -> fx.outboxStates(b.id()).await().equals(List.of("DELIVERED")));
    List<TestSink.Received> got = sink.at("/flaky");
    assertThat(got).hasSize(4);
    assertThat(got.stream().map(r -> r.json().getString("id")).distinct()).hasSize(1);
    assertThat(fx.meter("qosb_events_deliveries_total", "outcome", "retry") - retriesBefore).isEqualTo(3);
    quietFor(vertx, Duration.ofMillis(200));
    assertThat(sink.at("/flaky")).hasSize(4);
  }

  /**
   * Verifies that 410 Gone stops delivery for the booking whose sink answered it (that event and its
   * later ones are dropped and recorded), while another booking and another consumer with the same
   * sink URL still receive their events (issue 15).
   */
  @Test
  void testGoneSinkStopsOnlyTheBookingWhoseSinkAnswered410() {
    sink.script("/gone", new TestSink.Reply(410, null));
    Booking b = fx.createQb(sink.url("/gone"), token("t")).await();
    // generous: when this test runs first, the first delivery also sets up TLS on a loaded machine
    eventually(Duration.ofSeconds(15), () -> fx.outboxStates(b.id()).await().equals(List.of("GONE")));
    fx.engine.applyEvent(b.id(), BookingEvent.ACTIVATE).await();
    Booking other = fx.createQb(sink.url("/gone"), token("t")).await();
    Booking otherConsumer = fx.engine.createBooking(io.qosb.booking.Caller.twoLegged("app-2"),
        NotifyFixture.qb(io.qosb.booking.Bookings.newDevice(), sink.url("/gone"), token("t2"))).await();
    eventually(WITHIN, () -> fx.outboxStates(b.id()).await().equals(List.of("GONE", "GONE"))
        && fx.outboxStates(other.id()).await().equals(List.of("DELIVERED"))
        && fx.outboxStates(otherConsumer.id()).await().equals(List.of("DELIVERED")));
    assertThat(sink.at("/gone")).hasSize(3);
    assertThat(fx.meter("qosb_events_deliveries_total", "outcome", "gone")).isGreaterThanOrEqualTo(2);
  }

  /** Verifies that 429 with Retry-After delays the next attempt by at least that long. */
  @Test
  void testTooManyRequestsHonoursRetryAfter() {
    sink.script("/busy", new TestSink.Reply(429, "1"));
    Booking b = fx.createQb(sink.url("/busy"), token("t")).await();
    eventually(WITHIN, () -> fx.outboxStates(b.id()).await().equals(List.of("DELIVERED")));
    List<TestSink.Received> got = sink.at("/busy");
    assertThat(got).hasSize(2);
    assertThat(Duration.ofNanos(got.get(1).atNanos() - got.get(0).atNanos())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
  }

  /** Verifies per-booking order: while event n is retried, event n+1 of the booking is not sent. */
  @Test
  void testEventsOfABookingKeepTheirOrderUnderRetries() {
    sink.script("/order", new TestSink.Reply(503, null), new TestSink.Reply(503, null), new TestSink.Reply(503, null));
    Booking b = fx.createQb(sink.url("/order"), token("t")).await();
    fx.engine.applyEvent(b.id(), BookingEvent.ACTIVATE).await();
    fx.engine.applyEvent(b.id(), BookingEvent.NETWORK_TERMINATE).await();
    eventually(WITHIN, () -> fx.outboxStates(b.id()).await().equals(List.of("DELIVERED", "DELIVERED", "DELIVERED")));
    List<String> seen = sink.at("/order").stream().map(r -> r.json().getJsonObject("data").getString("bookingStatus")).toList();
    assertThat(seen).containsExactly("SCHEDULED", "SCHEDULED", "SCHEDULED", "SCHEDULED", "ACTIVATED", "TERMINATED");
  }

  /** Verifies that metrics name produced events by type and show the backlog gauges. */
  @Test
  void testMetricsAreExposed() {
    Booking b = fx.createQb(sink.url("/metrics"), token("t")).await();
    eventually(WITHIN, () -> fx.outboxStates(b.id()).await().equals(List.of("DELIVERED")));
    String scrape = fx.registry.scrape();
    assertThat(fx.meter("qosb_events_produced_total", "type", "qb_status_changed")).isGreaterThanOrEqualTo(1);
    assertThat(fx.meter("qosb_events_deliveries_total", "outcome", "delivered")).isGreaterThanOrEqualTo(1);
    assertThat(scrape).contains("qosb_outbox_backlog ", "qosb_outbox_oldest_age_seconds ",
        "qosb_events_dead_letters_total ", "qosb_events_delivery_duration_seconds_count{outcome=\"delivered\"}");
    assertThat(scrape).doesNotContain("t\"}").doesNotContain(b.id().toString());
  }
}
