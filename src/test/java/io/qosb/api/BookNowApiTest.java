package io.qosb.api;

import static io.qosb.api.ApiFoundationTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.nef.sim.RecordedRequest;
import io.qosb.testing.Adapter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A booking for "now" (issue 16): clients send their clock's now as startTime; a startTime up to
 * {@code booking.startGrace} (default 30 s) in the past is accepted by both APIs and the booking
 * starts at once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BookNowApiTest {

  @TempDir
  static Path dir;
  Adapter adapter;

  @BeforeAll
  void start() throws Exception {
    adapter = Adapter.start(dir, Map.of());
  }

  @AfterAll
  void stop() {
    adapter.close();
  }

  private HttpResponse<Buffer> post(String path, JsonObject body) {
    return adapter.client.post(path).putHeader("Authorization", adapter.bearer("now", BookingApiTest.ALL))
        .sendJson(body).await();
  }

  private static JsonObject booking(Instant start, int duration) {
    return new JsonObject().put("qosProfile", "QOS_M").put("startTime", start.toString()).put("duration", duration)
        .put("serviceArea", new JsonObject().put("areaType", "CIRCLE")
            .put("center", new JsonObject().put("latitude", 48.85).put("longitude", 2.35)).put("radius", 800));
  }

  private static JsonObject qb(Instant start, int duration, String phone) {
    return booking(start, duration).put("device", new JsonObject().put("phoneNumber", phone))
        .put("applicationServer", new JsonObject().put("ipv4Address", "203.0.113.5"));
  }

  /** Verifies both APIs accept a startTime 5 s ago and put the device's QoS on the NEF at once. */
  @Test
  void testStartTimeJustPastIsAcceptedAndStartsAtOnce() throws Exception {
    String past = Instant.now().minusSeconds(5).toString();
    HttpResponse<Buffer> qb = post(BookingApiTest.QB, qb(Instant.parse(past), 600, "+34600000001"));
    assertThat(qb.statusCode()).as(qb.bodyAsString()).isEqualTo(201);
    assertThat(qb.bodyAsJsonObject().getString("startTime")).isEqualTo(past);
    HttpResponse<Buffer> qba = post(BookingApiTest.QBA, booking(Instant.parse(past), 600).put("numDevices", 1));
    assertThat(qba.statusCode()).as(qba.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> assigned = post(BookingApiTest.QBA + "/" + qba.bodyAsJsonObject().getString("bookingId")
        + "/devices/assign", new JsonObject().put("devices", new JsonArray()
            .add(new JsonObject().put("phoneNumber", "+34600000002"))));
    assertThat(assigned.statusCode()).as(assigned.bodyAsString()).isEqualTo(201);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (created().size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(created()).containsExactlyInAnyOrder("msisdn-34600000001", "msisdn-34600000002");
  }

  /** Verifies a startTime beyond the grace, or a window already over, is 400 OUT_OF_RANGE in both APIs. */
  @Test
  void testStartTimeBeyondGraceOrWindowOverIsOutOfRange() {
    Instant minute = Instant.now().minusSeconds(60);
    assertError(post(BookingApiTest.QB, qb(minute, 600, "+34600000001")), 400, "OUT_OF_RANGE");
    assertError(post(BookingApiTest.QBA, booking(minute, 600).put("numDevices", 1)), 400, "OUT_OF_RANGE");
    Instant recent = Instant.now().minusSeconds(20);
    assertError(post(BookingApiTest.QB, qb(recent, 10, "+34600000001")), 400, "OUT_OF_RANGE");
    assertError(post(BookingApiTest.QBA, booking(recent, 10).put("numDevices", 1)), 400, "OUT_OF_RANGE");
  }

  private java.util.List<String> created() {
    return adapter.verticle.simulatedNef().requests().stream()
        .filter(q -> q.method().equals("POST") && q.status() == 201).map(RecordedRequest::body)
        .map(b -> b.getString("gpsi")).toList();
  }
}
