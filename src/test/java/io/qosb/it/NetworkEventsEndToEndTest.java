package io.qosb.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.testing.Adapter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies the events a developer receives for what the network does, end to end on the embedded
 * default: activation at start, a device whose allocation fails in the network
 * (FAILED_RESOURCES_ALLOCATION -> assignment-status-changed PARTIAL_SUCCESS / DEVICE_UNKNOWN_ERROR,
 * SPEC-NOTES §A-17), and expiry at the end, each delivered once to the booking's https sink.
 */
class NetworkEventsEndToEndTest {

  static final String SCOPES = "qos-booking-and-assignment:qos-bookings:create qos-booking-and-assignment:qos-bookings:read "
      + "qos-booking-and-assignment:qos-bookings:devices:create";

  /** Verifies BOOKING_ACTIVATED, the failed device's assignment event and BOOKING_EXPIRED arrive once each. */
  @Test
  void testNetworkOutcomesReachTheSink(@TempDir Path dir) throws Exception {
    Path scenario = dir.resolve("congested.json");
    Files.writeString(scenario, new JsonObject().put("name", "congested-e2e")
        .put("congestion", new JsonObject().put("ueIds", new JsonArray().add("+34600000002"))).encode());
    EventSink sink = new EventSink();
    List<JsonObject> events = sink.events;
    try (Adapter adapter = Adapter.start(dir, Map.of("QOSB_NEF_SIMULATOR_SCENARIO", scenario.toString(),
        "QOSB_DEVICES_DIRECTORY", "open", "QOSB_SINKS_ALLOW_PRIVATE_ADDRESSES", "true", "QOSB_SINKS_TRUST_ALL", "true"))) {
      String bearer = adapter.bearer("events-e2e", SCOPES);
      String sinkUrl = sink.url();
      HttpResponse<Buffer> created = adapter.client.post("/qos-booking-and-assignment/v0.2/qos-bookings")
          .putHeader("Authorization", bearer).sendJson(new JsonObject().put("qosProfile", "QOS_M")
              .put("startTime", Instant.now().plusSeconds(2).toString()).put("duration", 3).put("numDevices", 2)
              .put("sink", sinkUrl).put("serviceArea", new JsonObject().put("areaType", "CIRCLE")
                  .put("center", new JsonObject().put("latitude", 41.39).put("longitude", 2.15)).put("radius", 500)))
          .await();
      assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
      String id = created.bodyAsJsonObject().getString("bookingId");
      HttpResponse<Buffer> assigned = adapter.client.post("/qos-booking-and-assignment/v0.2/qos-bookings/" + id
          + "/devices/assign").putHeader("Authorization", bearer).sendJson(new JsonObject().put("devices", new JsonArray()
          .add(new JsonObject().put("phoneNumber", "+34600000001")).add(new JsonObject().put("phoneNumber", "+34600000002"))))
          .await();
      assertThat(assigned.statusCode()).as(assigned.bodyAsString()).isEqualTo(201);

      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline && events.stream().noneMatch(e -> "BOOKING_EXPIRED".equals(info(e)))) {
        Thread.sleep(100);
      }
      Thread.sleep(500);
      assertThat(events).extracting(e -> e.getString("id")).doesNotHaveDuplicates();
      assertThat(events).extracting(NetworkEventsEndToEndTest::info)
          .containsExactly("BOOKING_ACTIVATED", "DEVICE_UNKNOWN_ERROR", "BOOKING_EXPIRED");
      JsonObject failure = events.get(1);
      assertThat(failure.getString("type")).isEqualTo("org.camaraproject.qos-booking-and-assignment.v0.assignment-status-changed");
      assertThat(failure.getJsonObject("data").getString("status")).isEqualTo("PARTIAL_SUCCESS");
      assertThat(failure.getString("source")).endsWith("/qos-booking-and-assignment/v0.2/qos-bookings/" + id);
    } finally {
      sink.close();
    }
  }

  private static String info(JsonObject event) {
    return event.getJsonObject("data").getString("statusInfo");
  }
}
