package io.qosb.notify;

import static io.qosb.notify.NotifyFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.testing.Adapter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies that a sink registered through v0.1 receives v0.1 (CAMARA r1.2) events and a sink
 * registered through v0.2 receives v0.2 events, whichever version later changes the booking
 * (issue 17). The event payloads are checked against the r1.2 and v0.2 schemas when the reference
 * documents are present in {@code ../shared/reference} (that check is skipped otherwise; the field
 * assertions run always).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NotificationVersionsTest {

  static final Path R12 = Path.of("../shared/reference/camara/qos-booking/r1.2");
  static final String PUBLIC = "https://api.operator.test";
  static final String SCOPES = String.join(" ", "qos-booking-and-assignment:qos-bookings:create",
      "qos-booking-and-assignment:qos-bookings:delete", "qos-booking:device-qos-bookings:create",
      "qos-booking:device-qos-bookings:delete");

  @TempDir
  static Path dir;
  Adapter adapter;
  TestSink sink;
  int offset;

  @BeforeAll
  void start() throws Exception {
    adapter = Adapter.start(dir, Map.of("QOSB_SINKS_ALLOW_PRIVATE_ADDRESSES", "true", "QOSB_SINKS_TRUST_ALL", "true",
        "QOSB_NOTIFY_POLL_INTERVAL", "PT0.05S", "QOSB_HTTP_PUBLIC_URL", PUBLIC, "QOSB_DEVICES_DIRECTORY", "open"));
    sink = new TestSink(adapter.vertx).start().await();
  }

  @AfterAll
  void stop() {
    sink.close().await();
    adapter.close();
  }

  private JsonObject qba(String sinkPath) {
    offset++;
    return new JsonObject().put("qosProfile", "QOS_M")
        .put("startTime", Instant.now().plusSeconds(86_400L * offset).toString()).put("duration", 3600)
        .put("serviceArea", new JsonObject().put("areaType", "CIRCLE")
            .put("center", new JsonObject().put("latitude", 48.85).put("longitude", 2.35)).put("radius", 800))
        .put("sink", sink.url(sinkPath));
  }

  private JsonObject qb(String phone, String sinkPath) {
    return qba(sinkPath).put("device", new JsonObject().put("phoneNumber", phone));
  }

  private String create(String path, JsonObject body) {
    HttpResponse<Buffer> r = adapter.client.post(path).putHeader("Authorization", adapter.bearer("app-v", SCOPES))
        .sendJson(body).await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject().getString("bookingId");
  }

  private void delete(String path) {
    HttpResponse<Buffer> r = adapter.client.request(HttpMethod.DELETE, path)
        .putHeader("Authorization", adapter.bearer("app-v", SCOPES)).send().await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isIn(200, 204);
  }

  private JsonObject event(String sinkPath, int index) {
    eventually(Duration.ofSeconds(5), () -> sink.at(sinkPath).size() > index);
    return sink.at(sinkPath).get(index).json();
  }

  /**
   * Verifies QB events per version: a v0.1 booking's sink gets {@code status} SCHEDULED, then
   * UNAVAILABLE/DELETE_REQUESTED when v0.2 deletes it, with a v0.1 source; a v0.2 booking's sink gets
   * {@code bookingStatus} SCHEDULED, then TERMINATED when v0.1 deletes it.
   */
  @Test
  void testQbSinkGetsEventsOfTheVersionItWasRegisteredThrough() {
    String v1 = create("/qos-booking/v0.1/device-qos-bookings", qb("+34600000901", "/qb-v1"));
    delete("/qos-booking/v0.2/device-qos-bookings/" + v1);
    JsonObject scheduled = event("/qb-v1", 0);
    JsonObject deleted = event("/qb-v1", 1);
    assertThat(scheduled.getString("type")).isEqualTo("org.camaraproject.qos-booking.v0.status-changed");
    assertThat(scheduled.getString("specversion")).isEqualTo("1.0");
    assertThat(scheduled.getString("source")).isEqualTo(PUBLIC + "/qos-booking/v0.1/device-qos-bookings/" + v1);
    assertThat(scheduled.getJsonObject("data")).isEqualTo(new JsonObject().put("bookingId", v1).put("status", "SCHEDULED"));
    assertThat(deleted.getJsonObject("data")).isEqualTo(new JsonObject().put("bookingId", v1)
        .put("status", "UNAVAILABLE").put("statusInfo", "DELETE_REQUESTED"));

    String v2 = create("/qos-booking/v0.2/device-qos-bookings", qb("+34600000902", "/qb-v2"));
    delete("/qos-booking/v0.1/device-qos-bookings/" + v2);
    JsonObject scheduledV2 = event("/qb-v2", 0);
    JsonObject deletedV2 = event("/qb-v2", 1);
    assertThat(scheduledV2.getString("source")).isEqualTo(PUBLIC + "/qos-booking/v0.2/device-qos-bookings/" + v2);
    assertThat(scheduledV2.getJsonObject("data")).isEqualTo(new JsonObject().put("bookingId", v2)
        .put("bookingStatus", "SCHEDULED"));
    assertThat(deletedV2.getJsonObject("data")).isEqualTo(new JsonObject().put("bookingId", v2)
        .put("bookingStatus", "TERMINATED").put("statusInfo", "DELETE_REQUESTED"));

    EventSchemas schemas = EventSchemas.loadOrSkip();
    schemas.assertValid(R12.resolve("qos-booking.yaml"), "EventStatusChanged", scheduled);
    schemas.assertValid(R12.resolve("qos-booking.yaml"), "EventStatusChanged", deleted);
    schemas.assertValid(EventSchemas.QB, "EventStatusChanged", scheduledV2);
    schemas.assertValid(EventSchemas.QB, "EventStatusChanged", deletedV2);
  }

  /** Verifies a QBA booking made through v0.1 gets its cancellation event with a v0.1 source, valid for r1.2. */
  @Test
  void testQbaSinkOfV01GetsV01Event() {
    String id = create("/qos-booking-and-assignment/v0.1/qos-bookings", qba("/qba-v1"));
    delete("/qos-booking-and-assignment/v0.2/qos-bookings/" + id);
    JsonObject cancelled = event("/qba-v1", 0);
    assertThat(cancelled.getString("type")).isEqualTo("org.camaraproject.qos-booking-and-assignment.v0.status-changed");
    assertThat(cancelled.getString("source")).isEqualTo(PUBLIC + "/qos-booking-and-assignment/v0.1/qos-bookings/" + id);
    assertThat(cancelled.getJsonObject("data").getString("status")).isEqualTo("SUCCESSFUL");
    assertThat(cancelled.getJsonObject("data").getString("statusInfo")).isEqualTo("BOOKING_CANCELLED");
    EventSchemas.loadOrSkip().assertValid(R12.resolve("qos-booking-and-assignment.yaml"), "EventBookingStatusChanged",
        cancelled);
  }
}
