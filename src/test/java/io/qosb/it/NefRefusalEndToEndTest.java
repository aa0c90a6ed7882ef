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
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 1: with the open device directory every well-formed device is accepted at booking
 * time and the NEF judges it at activation. A device the NEF refuses there (403 or 404 to the POST of
 * its AsSessionWithQoS subscription) reaches the developer as the per-device failure event of the API
 * it was booked with: QBA {@code assignment-status-changed} with DEVICE_UNKNOWN_ERROR, QB
 * {@code status-changed} TERMINATED / NETWORK_TERMINATED.
 */
class NefRefusalEndToEndTest {

  static final String SCOPES = "qos-booking-and-assignment:qos-bookings:create qos-booking-and-assignment:qos-bookings:read "
      + "qos-booking-and-assignment:qos-bookings:devices:create qos-booking:device-qos-bookings:create "
      + "qos-booking:device-qos-bookings:read";
  static final String QBA_ASSIGNMENT = "org.camaraproject.qos-booking-and-assignment.v0.assignment-status-changed";
  static final String QB_STATUS = "org.camaraproject.qos-booking.v0.status-changed";

  /**
   * Verifies that a device the NEF answers 403 (not eligible in its subscriber list) is reported to the
   * QBA sink as PARTIAL_SUCCESS / DEVICE_UNKNOWN_ERROR with the device still active, and to the QB sink
   * as TERMINATED / NETWORK_TERMINATED.
   */
  @Test
  void testActivationRefusedWith403ReachesTheSinkOfEachApi(@TempDir Path dir) throws Exception {
    Path scenario = dir.resolve("not-eligible.json");
    // two UEs the NEF knows and refuses (403 REQUESTED_SERVICE_NOT_AUTHORIZED); any other UE is accepted
    Files.writeString(scenario, new JsonObject().put("name", "not-eligible").put("subscriberDirectory", new JsonArray()
        .add(new JsonObject().put("phoneNumber", "+34600000098").put("eligible", false))
        .add(new JsonObject().put("phoneNumber", "+34600000099").put("eligible", false))).encode());
    run(dir, scenario, List.of("+34611111111", "+34600000099"), "+34600000098");
  }

  /** Verifies the same for a NEF that answers 404 (it does not know the UE). */
  @Test
  void testActivationRefusedWith404ReachesTheSinkOfEachApi(@TempDir Path dir) throws Exception {
    Path scenario = dir.resolve("unknown-ue.json");
    // no subscriber list: every UE is accepted, but the script answers the (only) two POSTs 404
    Files.writeString(scenario, new JsonObject().put("name", "unknown-ue").put("faults", new JsonArray()
        .add(new JsonObject().put("operation", "create").put("status", 404).put("count", 2))).encode());
    run(dir, scenario, List.of("+34611111111"), "+34622222222");
  }

  /**
   * One QBA booking of {@code qbaDevices} (the last one refused by the NEF, the others accepted) and one
   * QB booking of {@code qbDevice} (refused), starting together, in no subscriber list of the adapter.
   */
  private void run(Path dir, Path scenario, List<String> qbaDevices, String qbDevice) throws Exception {
    EventSink sink = new EventSink();
    List<JsonObject> events = sink.events;
    Map<String, String> settings = Map.of("QOSB_NEF_SIMULATOR_SCENARIO", scenario.toString(),
        "QOSB_DEVICES_DIRECTORY", "open", "QOSB_SINKS_ALLOW_PRIVATE_ADDRESSES", "true", "QOSB_SINKS_TRUST_ALL", "true");
    try (Adapter adapter = Adapter.start(dir, settings)) {
      String bearer = adapter.bearer("refusal-e2e", SCOPES);
      String sinkUrl = sink.url();
      Instant start = Instant.now().plusSeconds(2);
      JsonObject area = new JsonObject().put("areaType", "CIRCLE")
          .put("center", new JsonObject().put("latitude", 41.39).put("longitude", 2.15)).put("radius", 500);
      HttpResponse<Buffer> created = adapter.client.post("/qos-booking-and-assignment/v0.2/qos-bookings")
          .putHeader("Authorization", bearer).sendJson(new JsonObject().put("qosProfile", "QOS_M")
              .put("startTime", start.toString()).put("duration", 6).put("numDevices", qbaDevices.size()).put("sink", sinkUrl)
              .put("serviceArea", area)).await();
      assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
      String id = created.bodyAsJsonObject().getString("bookingId");
      HttpResponse<Buffer> assigned = adapter.client.post("/qos-booking-and-assignment/v0.2/qos-bookings/" + id
          + "/devices/assign").putHeader("Authorization", bearer).sendJson(new JsonObject().put("devices", new JsonArray(
          qbaDevices.stream().map(d -> new JsonObject().put("phoneNumber", d)).toList()))).await();
      assertThat(assigned.statusCode()).as(assigned.bodyAsString()).isEqualTo(201);
      HttpResponse<Buffer> qb = adapter.client.post("/qos-booking/v0.2/device-qos-bookings").putHeader("Authorization", bearer)
          .sendJson(new JsonObject().put("qosProfile", "QOS_E").put("startTime", start.toString()).put("duration", 6)
              .put("sink", sinkUrl).put("device", new JsonObject().put("phoneNumber", qbDevice))
              .put("serviceArea", area)).await();
      assertThat(qb.statusCode()).as(qb.bodyAsString()).isEqualTo(201);
      String qbId = qb.bodyAsJsonObject().getString("bookingId");

      await(events, e -> QBA_ASSIGNMENT.equals(e.getString("type")));
      await(events, e -> QB_STATUS.equals(e.getString("type")) && "TERMINATED".equals(e.getJsonObject("data").getString("bookingStatus")));
      Thread.sleep(300);
      List<JsonObject> assignment = events.stream().filter(e -> QBA_ASSIGNMENT.equals(e.getString("type"))).toList();
      assertThat(assignment).as(events.toString()).hasSize(1);
      JsonObject data = assignment.get(0).getJsonObject("data");
      assertThat(assignment.get(0).getString("source")).endsWith("/qos-booking-and-assignment/v0.2/qos-bookings/" + id);
      assertThat(data.getString("statusInfo")).isEqualTo("DEVICE_UNKNOWN_ERROR");
      List<String> accepted = qbaDevices.subList(0, qbaDevices.size() - 1);
      assertThat(data.getString("status")).isEqualTo(accepted.isEmpty() ? "FAILURE" : "PARTIAL_SUCCESS");
      assertThat(data.getJsonObject("deviceDetails").getJsonArray("devices", new JsonArray()))
          .containsExactlyElementsOf(accepted.stream().map(d -> new JsonObject().put("phoneNumber", d)).toList());
      List<JsonObject> qbEvents = events.stream().filter(e -> QB_STATUS.equals(e.getString("type"))).toList();
      assertThat(qbEvents).extracting(e -> e.getJsonObject("data").getString("bookingStatus") + "/"
          + e.getJsonObject("data").getString("statusInfo"))
          .containsExactly("SCHEDULED/null", "ACTIVATED/null", "TERMINATED/NETWORK_TERMINATED");
      assertThat(qbEvents.get(2).getString("source")).endsWith("/qos-booking/v0.2/device-qos-bookings/" + qbId);
    } finally {
      sink.close();
    }
  }

  private static void await(List<JsonObject> events, Predicate<JsonObject> wanted) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline && events.stream().noneMatch(wanted)) {
      Thread.sleep(100);
    }
    assertThat(events).as("events received").anyMatch(wanted);
  }
}
