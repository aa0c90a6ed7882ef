package io.qosb.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.testing.Adapter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies the embedded default end to end with the real clock: a booking shows ACTIVATED at its start
 * with one simulated-NEF subscription per device, and SUCCESSFUL/BOOKING_EXPIRED at its end with none
 * left; the QB booking likewise goes ACTIVATED then TERMINATED/DURATION_EXPIRED.
 */
class ActivationEndToEndTest {

  static final String SCOPES = "qos-booking-and-assignment:qos-bookings:create qos-booking-and-assignment:qos-bookings:read "
      + "qos-booking-and-assignment:qos-bookings:devices:create qos-booking:device-qos-bookings:create "
      + "qos-booking:device-qos-bookings:read";

  /** Verifies activation at start and teardown at end for both APIs. */
  @Test
  void testBookingActivatesAtStartAndEndsOnTime(@TempDir Path dir) throws Exception {
    try (Adapter adapter = Adapter.start(dir, Map.of())) {
      String bearer = adapter.bearer("e2e", SCOPES);
      Instant start = Instant.now().plusSeconds(3);
      JsonObject area = new JsonObject().put("areaType", "CIRCLE")
          .put("center", new JsonObject().put("latitude", 41.39).put("longitude", 2.15)).put("radius", 500);
      HttpResponse<Buffer> created = adapter.client.post("/qos-booking-and-assignment/v0.2/qos-bookings")
          .putHeader("Authorization", bearer).sendJson(new JsonObject().put("qosProfile", "QOS_M")
              .put("startTime", start.toString()).put("duration", 4).put("numDevices", 2).put("serviceArea", area)).await();
      assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
      String id = created.bodyAsJsonObject().getString("bookingId");
      HttpResponse<Buffer> assigned = adapter.client.post("/qos-booking-and-assignment/v0.2/qos-bookings/" + id
          + "/devices/assign").putHeader("Authorization", bearer).sendJson(new JsonObject().put("devices", new JsonArray()
          .add(new JsonObject().put("phoneNumber", "+34600000001"))
          .add(new JsonObject().put("ipv4Address", new JsonObject().put("publicAddress", "198.51.100.10")
              .put("publicPort", 5000))))).await();
      assertThat(assigned.statusCode()).as(assigned.bodyAsString()).isEqualTo(201);
      HttpResponse<Buffer> qb = adapter.client.post("/qos-booking/v0.2/device-qos-bookings").putHeader("Authorization", bearer)
          .sendJson(new JsonObject().put("qosProfile", "QOS_E").put("startTime", start.toString()).put("duration", 4)
              .put("device", new JsonObject().put("phoneNumber", "+34600000002")).put("serviceArea", area)).await();
      assertThat(qb.statusCode()).as(qb.bodyAsString()).isEqualTo(201);
      String qbId = qb.bodyAsJsonObject().getString("bookingId");
      assertThat(adapter.verticle.simulatedNef().subscriptions()).isEmpty();

      JsonObject active = poll(adapter, bearer, "/qos-booking-and-assignment/v0.2/qos-bookings/" + id,
          b -> "BOOKING_ACTIVATED".equals(b.getString("statusInfo")));
      assertThat(Instant.now()).isAfterOrEqualTo(start);
      assertThat(active.getString("status")).isEqualTo("SUCCESSFUL");
      JsonObject qbActive = poll(adapter, bearer, "/qos-booking/v0.2/device-qos-bookings/" + qbId,
          b -> "ACTIVATED".equals(b.getString("bookingStatus")));
      assertThat(qbActive.getString("startedAt")).isNotNull();
      awaitSubscriptions(adapter, 3);

      JsonObject ended = poll(adapter, bearer, "/qos-booking-and-assignment/v0.2/qos-bookings/" + id,
          b -> "BOOKING_EXPIRED".equals(b.getString("statusInfo")));
      assertThat(ended.getString("status")).isEqualTo("SUCCESSFUL");
      JsonObject qbEnded = poll(adapter, bearer, "/qos-booking/v0.2/device-qos-bookings/" + qbId,
          b -> "TERMINATED".equals(b.getString("bookingStatus")));
      assertThat(qbEnded.getString("statusInfo")).isEqualTo("DURATION_EXPIRED");
      awaitSubscriptions(adapter, 0);
    }
  }

  private static JsonObject poll(Adapter adapter, String bearer, String path, Predicate<JsonObject> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      last = adapter.client.get(path).putHeader("Authorization", bearer).send().await().bodyAsJsonObject();
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("state not reached, last answer: " + last);
  }

  private static void awaitSubscriptions(Adapter adapter, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (adapter.verticle.simulatedNef().subscriptions().size() != count && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(adapter.verticle.simulatedNef().subscriptions()).hasSize(count);
  }
}
