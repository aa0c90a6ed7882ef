package io.qosb.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qosb.testing.Adapter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Admission through the whole adapter: the refusal answers of both APIs, the operator endpoint with
 * its scope, the meters, and startup failing on a bad {@code capacity:} value.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CapacityApiTest {

  static final String QBA = "/qos-booking-and-assignment/v0.2/qos-bookings";
  static final String QB = "/qos-booking/v0.2/device-qos-bookings";
  static final String ZONES = """
      [{"name": "arena", "limits": {"QOS_L": 4},
        "area": {"areaType": "CIRCLE", "center": {"latitude": 41.39, "longitude": 2.15}, "radius": 3000}}]
      """;
  static final Instant START = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);

  @TempDir
  static Path dir;
  Adapter adapter;

  @BeforeAll
  void start() throws Exception {
    adapter = Adapter.start(dir, Map.of("QOSB_CAPACITY_ZONES", ZONES, "QOSB_CAPACITY_REFRESH_INTERVAL", "PT1S"));
  }

  @AfterAll
  void stop() {
    adapter.close();
  }

  static JsonObject area() {
    return new JsonObject().put("areaType", "CIRCLE").put("radius", 500)
        .put("center", new JsonObject().put("latitude", 41.39).put("longitude", 2.15));
  }

  HttpResponse<Buffer> post(String path, String scope, JsonObject body) {
    return adapter.client.post(path).putHeader("Authorization", adapter.bearer("app-1", scope)).sendJson(body).await();
  }

  HttpResponse<Buffer> capacity(String scope, String query) {
    var req = adapter.client.get("/ops/v1/capacity" + query);
    if (scope != null) {
      req.putHeader("Authorization", adapter.bearer("ops", scope));
    }
    return req.send().await();
  }

  /**
   * Verifies that QBA fills the zone and is then refused with 422 SERVICE_NOT_APPLICABLE naming zone and
   * time, and that QB is then answered 201 TERMINATED/BOOKING_DECLINED.
   */
  @Test
  void testRefusalAnswersOfBothApis() {
    JsonObject qba = new JsonObject().put("qosProfile", "QOS_L").put("startTime", START.toString()).put("duration", 3600)
        .put("serviceArea", area());
    String create = "qos-booking-and-assignment:qos-bookings:create";
    assertThat(post(QBA, create, qba.copy().put("numDevices", 4)).statusCode()).isEqualTo(201);
    HttpResponse<Buffer> refused = post(QBA, create, qba.copy().put("numDevices", 1));
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(422);
    JsonObject error = refused.bodyAsJsonObject();
    assertThat(error.getString("code")).isEqualTo("SERVICE_NOT_APPLICABLE");
    assertThat(error.getString("message")).contains("zone 'arena'").contains(START.toString());

    JsonObject qb = qba.copy().put("device", new JsonObject().put("phoneNumber", "+34600000001"));
    HttpResponse<Buffer> declined = post(QB, "qos-booking:device-qos-bookings:create", qb);
    assertThat(declined.statusCode()).as(declined.bodyAsString()).isEqualTo(201);
    assertThat(declined.bodyAsJsonObject().getString("bookingStatus")).isEqualTo("TERMINATED");
    assertThat(declined.bodyAsJsonObject().getString("statusInfo")).isEqualTo("BOOKING_DECLINED");
    assertThat(declined.bodyAsJsonObject().getString("bookingId")).isNotBlank();

    String metrics = adapter.client.get("/metrics").send().await().bodyAsString();
    assertThat(metrics).contains("qosb_admission_decisions_total{outcome=\"refused\",zone=\"arena\"} 2.0")
        .contains("qosb_admission_decisions_total{outcome=\"accepted\",zone=\"arena\"}")
        .contains("qosb_capacity_utilisation{profile=\"QOS_L\",zone=\"arena\"}");
  }

  /** Verifies the operator endpoint: 401 without token, 403 with a consumer scope, the timeline with its scope. */
  @Test
  void testCapacityEndpointNeedsOperatorScope() {
    HttpResponse<Buffer> none = capacity(null, "");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.bodyAsJsonObject().getString("code")).isEqualTo("UNAUTHENTICATED");
    HttpResponse<Buffer> consumer = capacity("qos-booking-and-assignment:qos-bookings:read", "");
    assertThat(consumer.statusCode()).isEqualTo(403);
    assertThat(consumer.bodyAsJsonObject().getString("code")).isEqualTo("PERMISSION_DENIED");

    post(QBA, "qos-booking-and-assignment:qos-bookings:create", new JsonObject().put("qosProfile", "QOS_L")
        .put("startTime", START.plus(10, ChronoUnit.HOURS).toString()).put("duration", 600).put("numDevices", 3)
        .put("serviceArea", area()));
    String window = "?zone=arena&profile=QOS_L&from=" + START.plus(9, ChronoUnit.HOURS) + "&to=" + START.plus(11, ChronoUnit.HOURS);
    HttpResponse<Buffer> ok = capacity(CapacityRoutes.SCOPE, window);
    assertThat(ok.statusCode()).as(ok.bodyAsString()).isEqualTo(200);
    JsonArray series = ok.bodyAsJsonObject().getJsonArray("series");
    assertThat(series).hasSize(1);
    JsonObject s = series.getJsonObject(0);
    assertThat(s.getString("zone")).isEqualTo("arena");
    assertThat(s.getInteger("limit")).isEqualTo(4);
    assertThat(s.getJsonArray("timeline").stream().map(o -> ((JsonObject) o).getLong("devices")).toList())
        .containsExactly(0L, 3L, 0L);
    assertThat(capacity(CapacityRoutes.SCOPE, "?zone=nowhere").statusCode()).isEqualTo(400);
    assertThat(capacity(CapacityRoutes.SCOPE, "?from=yesterday").statusCode()).isEqualTo(400);
  }

  /** Verifies that a bad capacity value fails startup with one line naming the key. */
  @Test
  void testStartupFailsForBadCapacityConfig() {
    String dup = "[" + ZONES.strip().substring(1, ZONES.strip().length() - 1) + "," + ZONES.strip().substring(1);
    assertThatThrownBy(() -> Adapter.start(dir, Map.of("QOSB_CAPACITY_ZONES", dup)).close())
        .hasMessage("capacity.zones[1].name: duplicate or reserved zone name 'arena'");
    assertThatThrownBy(() -> Adapter.start(dir, Map.of("QOSB_CAPACITY_OUTSIDE", "-1")).close())
        .hasMessage("capacity.outside: must be between 0 and 2147483647, got -1");
  }
}
