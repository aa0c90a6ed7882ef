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
 * Issue 15 item 13: when the network refuses the resources of a device booked through the QoS Booking
 * API (the NEF notifies FAILED_RESOURCES_ALLOCATION), the developer's QB sink receives only QB's own
 * {@code org.camaraproject.qos-booking.v0.status-changed} events, never the QoS Booking and Assignment
 * {@code assignment-status-changed} type, and the booking ends TERMINATED / NETWORK_TERMINATED (its one
 * device has no QoS, so the booking cannot be in effect), which GET shows too.
 */
class QbResourceFailureEndToEndTest {

  static final String QB = "/qos-booking/v0.2/device-qos-bookings";
  static final String SCOPES = "qos-booking:device-qos-bookings:create qos-booking:device-qos-bookings:read";

  /** Verifies the QB sink gets ACTIVATED then TERMINATED/NETWORK_TERMINATED, both QB status-changed, and nothing else. */
  @Test
  void testRefusedResourcesOfAQbDeviceEndTheBookingWithQbEventsOnly(@TempDir Path dir) throws Exception {
    Path scenario = dir.resolve("congested.json");
    Files.writeString(scenario, new JsonObject().put("name", "congested-qb")
        .put("congestion", new JsonObject().put("ueIds", new JsonArray().add("+34600000002"))).encode());
    EventSink sink = new EventSink();
    List<JsonObject> events = sink.events;
    try (Adapter adapter = Adapter.start(dir, Map.of("QOSB_NEF_SIMULATOR_SCENARIO", scenario.toString(),
        "QOSB_DEVICES_DIRECTORY", "open", "QOSB_SINKS_ALLOW_PRIVATE_ADDRESSES", "true", "QOSB_SINKS_TRUST_ALL", "true"))) {
      String bearer = adapter.bearer("qb-refused", SCOPES);
      HttpResponse<Buffer> created = adapter.client.post(QB).putHeader("Authorization", bearer)
          .sendJson(new JsonObject().put("qosProfile", "QOS_M").put("startTime", Instant.now().plusSeconds(1).toString())
              .put("duration", 600).put("device", new JsonObject().put("phoneNumber", "+34600000002"))
              .put("applicationServer", new JsonObject().put("ipv4Address", "198.51.100.10"))
              .put("sink", sink.url())
              .put("serviceArea", new JsonObject().put("areaType", "CIRCLE")
                  .put("center", new JsonObject().put("latitude", 41.39).put("longitude", 2.15)).put("radius", 500)))
          .await();
      assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
      String id = created.bodyAsJsonObject().getString("bookingId");

      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (System.nanoTime() < deadline && events.stream().noneMatch(e -> "TERMINATED".equals(status(e)))) {
        Thread.sleep(100);
      }
      Thread.sleep(1000);
      assertThat(events).extracting(e -> e.getString("type")).containsOnly("org.camaraproject.qos-booking.v0.status-changed");
      assertThat(events).extracting(QbResourceFailureEndToEndTest::status).endsWith("TERMINATED");
      JsonObject last = events.get(events.size() - 1).getJsonObject("data");
      assertThat(last.getString("bookingId")).isEqualTo(id);
      assertThat(last.getString("statusInfo")).isEqualTo("NETWORK_TERMINATED");
      assertThat(events).extracting(e -> e.getString("id")).doesNotHaveDuplicates();

      JsonObject read = adapter.client.get(QB + "/" + id).putHeader("Authorization", bearer).send().await()
          .bodyAsJsonObject();
      assertThat(read.getString("bookingStatus")).as(read.encode()).isEqualTo("TERMINATED");
      assertThat(read.getString("statusInfo")).isEqualTo("NETWORK_TERMINATED");
    } finally {
      sink.close();
    }
  }

  private static String status(JsonObject event) {
    return event.getJsonObject("data").getString("bookingStatus");
  }
}
