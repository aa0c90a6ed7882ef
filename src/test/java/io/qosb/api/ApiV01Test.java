package io.qosb.api;

import static io.qosb.api.ApiFoundationTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qosb.testing.Adapter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
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
 * Verifies the released v0.1 (CAMARA r1.2) of both booking APIs over HTTP, served beside v0.2 on the
 * one engine and store (issue 17): every operation through v0.1 as an r1.2 client sees it, the same
 * bookings through both versions, errors in each version's codes, and {@code api.versions}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApiV01Test {

  static final String QBA1 = "/qos-booking-and-assignment/v0.1/qos-bookings";
  static final String QBA2 = "/qos-booking-and-assignment/v0.2/qos-bookings";
  static final String QB1 = "/qos-booking/v0.1/device-qos-bookings";
  static final String QB2 = "/qos-booking/v0.2/device-qos-bookings";

  @TempDir
  static Path dir;
  Adapter adapter;
  int offset;

  @BeforeAll
  void start() throws Exception {
    // an open device directory: each test uses devices of its own (the simulated NEF lists two)
    adapter = Adapter.start(dir, Map.of("QOSB_SINKS_ALLOW_PRIVATE_ADDRESSES", "true", "QOSB_DEVICES_DIRECTORY", "open"));
  }

  @AfterAll
  void stop() {
    adapter.close();
  }

  private String token(String client) {
    return adapter.bearer(client, BookingApiTest.ALL);
  }

  private JsonObject qba(int devices) {
    offset += 1;
    return new JsonObject().put("qosProfile", "QOS_M")
        .put("startTime", Instant.now().plusSeconds(86_400L * offset).toString()).put("duration", 3600)
        .put("numDevices", devices).put("serviceArea", new JsonObject().put("areaType", "CIRCLE")
            .put("center", new JsonObject().put("latitude", 48.85).put("longitude", 2.35)).put("radius", 800));
  }

  private JsonObject qb(String phone) {
    JsonObject b = qba(1);
    b.remove("numDevices");
    return b.put("device", new JsonObject().put("phoneNumber", phone));
  }

  private static JsonObject phones(String... numbers) {
    JsonArray devices = new JsonArray();
    for (String n : numbers) {
      devices.add(new JsonObject().put("phoneNumber", n));
    }
    return new JsonObject().put("devices", devices);
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path, String client, JsonObject body) {
    var req = adapter.client.request(method, path).putHeader("Authorization", token(client));
    return body == null ? req.send().await() : req.sendJson(body).await();
  }

  private JsonObject ok(HttpResponse<Buffer> r, int status) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    return r.bodyAsJsonObject();
  }

  /** Verifies every QoS Booking and Assignment operation through v0.1, as r1.2 defines the answers. */
  @Test
  void testQbaOperationsSucceedThroughV01() {
    JsonObject created = ok(send(HttpMethod.POST, QBA1, "qba1", qba(2)), 201);
    String id = created.getString("bookingId");
    assertThat(created.getString("status")).isEqualTo("SUCCESSFUL");
    assertThat(created.getString("statusInfo")).isEqualTo("BOOKING_ACCEPTED");
    assertThat(created.getInteger("remainingDevices")).isEqualTo(2);
    assertThat(ok(send(HttpMethod.GET, QBA1 + "/" + id, "qba1", null), 200)).isEqualTo(created);

    JsonObject assigned = ok(send(HttpMethod.POST, QBA1 + "/" + id + "/devices/assign", "qba1",
        phones("+34600000101", "+34600000102")), 201);
    assertThat(assigned.getString("status")).isEqualTo("SUCCESSFUL");
    assertThat(assigned.getJsonObject("bookingDetails").getInteger("remainingDevices")).isZero();
    JsonObject devices = ok(send(HttpMethod.GET, QBA1 + "/" + id + "/devices", "qba1", null), 200);
    assertThat(devices.getJsonArray("devices")).containsExactlyInAnyOrder(
        new JsonObject().put("phoneNumber", "+34600000101"), new JsonObject().put("phoneNumber", "+34600000102"));

    HttpResponse<Buffer> found = send(HttpMethod.POST, QBA1 + "/retrieve", "qba1",
        new JsonObject().put("device", new JsonObject().put("phoneNumber", "+34600000101")));
    assertThat(found.statusCode()).as(found.bodyAsString()).isEqualTo(200);
    assertThat(found.bodyAsJsonArray().getJsonObject(0).getString("bookingId")).isEqualTo(id);

    JsonObject released = ok(send(HttpMethod.POST, QBA1 + "/" + id + "/devices/release", "qba1",
        phones("+34600000101")), 200);
    assertThat(released.getJsonObject("bookingDetails").getInteger("remainingDevices")).isEqualTo(1);

    JsonObject deleted = ok(send(HttpMethod.DELETE, QBA1 + "/" + id, "qba1", null), 200);
    assertThat(deleted.getString("status")).isEqualTo("SUCCESSFUL");
    assertThat(deleted.getString("statusInfo")).isEqualTo("BOOKING_CANCELLED");
  }

  /**
   * Verifies every QoS Booking operation through v0.1: the booking's state is in {@code status}
   * (r1.2) with r1.2's values, never in v0.2's {@code bookingStatus}.
   */
  @Test
  void testQbOperationsSucceedThroughV01() {
    JsonObject created = ok(send(HttpMethod.POST, QB1, "qb1", qb("+34600000201")), 201);
    String id = created.getString("bookingId");
    assertThat(created.getString("status")).isEqualTo("SCHEDULED");
    assertThat(created.fieldNames()).doesNotContain("bookingStatus");
    assertThat(created.getJsonObject("device")).isEqualTo(new JsonObject().put("phoneNumber", "+34600000201"));
    assertThat(ok(send(HttpMethod.GET, QB1 + "/" + id, "qb1", null), 200)).isEqualTo(created);

    HttpResponse<Buffer> found = send(HttpMethod.POST, "/qos-booking/v0.1/retrieve-device-qos-bookings", "qb1",
        new JsonObject().put("device", new JsonObject().put("phoneNumber", "+34600000201")));
    assertThat(found.statusCode()).as(found.bodyAsString()).isEqualTo(200);
    assertThat(found.bodyAsJsonArray()).containsExactly(created);

    HttpResponse<Buffer> deleted = send(HttpMethod.DELETE, QB1 + "/" + id, "qb1", null);
    assertThat(deleted.statusCode()).as(deleted.bodyAsString()).isEqualTo(204);
    assertError(send(HttpMethod.GET, QB1 + "/" + id, "qb1", null), 404, "NOT_FOUND");
  }

  /**
   * Verifies that a booking made through v0.1 is the same booking through v0.2 and the reverse:
   * same id and device, read and deleted through the other version, each showing it in its terms.
   */
  @Test
  void testBookingMadeInOneVersionIsReadAndDeletedInTheOther() {
    JsonObject v1 = ok(send(HttpMethod.POST, QB1, "cross", qb("+34600000301")), 201);
    String id = v1.getString("bookingId");
    JsonObject asV2 = ok(send(HttpMethod.GET, QB2 + "/" + id, "cross", null), 200);
    assertThat(asV2.getString("bookingStatus")).isEqualTo("SCHEDULED");
    assertThat(asV2.fieldNames()).doesNotContain("status");
    assertThat(asV2.getJsonObject("device")).isEqualTo(v1.getJsonObject("device"));
    assertThat(asV2.getString("startTime")).isEqualTo(v1.getString("startTime"));
    assertThat(send(HttpMethod.DELETE, QB2 + "/" + id, "cross", null).statusCode()).isEqualTo(204);
    assertError(send(HttpMethod.GET, QB1 + "/" + id, "cross", null), 404, "NOT_FOUND");

    JsonObject v2 = ok(send(HttpMethod.POST, QBA2, "cross", qba(1)), 201);
    String qbaId = v2.getString("bookingId");
    assertThat(ok(send(HttpMethod.GET, QBA1 + "/" + qbaId, "cross", null), 200)).isEqualTo(v2);
    ok(send(HttpMethod.POST, QBA1 + "/" + qbaId + "/devices/assign", "cross", phones("+34600000302")), 201);
    JsonObject devices = ok(send(HttpMethod.GET, QBA2 + "/" + qbaId + "/devices", "cross", null), 200);
    assertThat(devices.getJsonArray("devices")).containsExactly(new JsonObject().put("phoneNumber", "+34600000302"));
    assertThat(ok(send(HttpMethod.DELETE, QBA1 + "/" + qbaId, "cross", null), 200).getString("statusInfo"))
        .isEqualTo("BOOKING_CANCELLED");
    assertError(send(HttpMethod.GET, QBA2 + "/" + qbaId, "cross", null), 404, "NOT_FOUND");
  }

  /** Verifies that bookings of both versions conflict with each other on one device (one engine, one store). */
  @Test
  void testOverlapAcrossVersionsFailsForTheSameDevice() {
    JsonObject first = qb("+34600000401");
    ok(send(HttpMethod.POST, QB1, "overlap", first), 201);
    assertError(send(HttpMethod.POST, QB2, "overlap", first.copy()), 409, "CONFLICT");
    JsonObject second = qb("+34600000402");
    ok(send(HttpMethod.POST, QB2, "overlap", second), 201);
    assertError(send(HttpMethod.POST, QB1, "overlap", second.copy()), 409, "CONFLICT");
  }

  /**
   * Verifies that codes v0.2 has and r1.2 has not are answered in r1.2's terms through v0.1:
   * INCOMPATIBLE_STATE as CONFLICT, QBA's duration code as QOS_BOOKING.DURATION_OUT_OF_RANGE.
   */
  @Test
  void testVersionOnlyErrorCodesAreMappedForV01() {
    // a device already assigned to an overlapping booking: v0.2 INCOMPATIBLE_STATE, r1.2 CONFLICT
    JsonObject window = qba(1);
    String held = ok(send(HttpMethod.POST, QBA2, "codes", window), 201).getString("bookingId");
    String other = ok(send(HttpMethod.POST, QBA2, "codes", window.copy()), 201).getString("bookingId");
    ok(send(HttpMethod.POST, QBA2 + "/" + held + "/devices/assign", "codes", phones("+34600000501")), 201);
    assertError(send(HttpMethod.POST, QBA2 + "/" + other + "/devices/assign", "codes", phones("+34600000501")), 409,
        "INCOMPATIBLE_STATE");
    assertError(send(HttpMethod.POST, QBA1 + "/" + other + "/devices/assign", "codes", phones("+34600000501")), 409,
        "CONFLICT");

    // v0.1's Duration has no maximum: the engine's limit answers, in each version's code
    assertError(send(HttpMethod.POST, QBA1, "codes", qba(1).put("duration", 86_401)), 400,
        "QOS_BOOKING.DURATION_OUT_OF_RANGE");
    assertError(send(HttpMethod.POST, QBA2, "codes", qba(1).put("duration", 86_401)), 400,
        "QOS_BOOKING_AND_ASSIGNMENT.DURATION_OUT_OF_RANGE");
  }

  /**
   * Verifies QB's profile-not-bookable code per version: v0.2 QOS_BOOKING.QOS_PROFILE_NOT_APPLICABLE,
   * v0.1 (which has no such code) its generic 422 SERVICE_NOT_APPLICABLE.
   */
  @Test
  void testProfileNotBookableIsMappedForV01(@TempDir Path other) throws Exception {
    String profile = """
        profiles:
          - name: QOS_OLD
            description: A profile being phased out.
            status: DEPRECATED
            qosReference: qos-old
            targetMinUpstreamRate: {value: 10, unit: Mbps}
            maxUpstreamRate: {value: 25, unit: Mbps}
            targetMinDownstreamRate: {value: 10, unit: Mbps}
            maxDownstreamRate: {value: 50, unit: Mbps}
            minDuration: {value: 1, unit: Seconds}
            maxDuration: {value: 24, unit: Hours}
            priority: 30
            packetDelayBudget: {value: 50, unit: Milliseconds}
            jitter: {value: 20, unit: Milliseconds}
            packetErrorLossRate: 3
        """;
    Path file = java.nio.file.Files.writeString(other.resolve("profiles.yaml"), profile);
    try (Adapter old = Adapter.start(other, Map.of("QOSB_CONFIG", file.toString(), "QOSB_DEVICES_DIRECTORY", "open"))) {
      for (String[] c : new String[][] {{QB2, "QOS_BOOKING.QOS_PROFILE_NOT_APPLICABLE"}, {QB1, "SERVICE_NOT_APPLICABLE"}}) {
        HttpResponse<Buffer> r = old.client.post(c[0]).putHeader("Authorization", old.bearer("old", BookingApiTest.ALL))
            .sendJson(qb("+34600000661").put("qosProfile", "QOS_OLD")).await();
        assertError(r, 422, c[1]);
      }
    }
  }

  /**
   * Verifies request validation and credentials through v0.1: unknown properties 400 INVALID_ARGUMENT;
   * only ACCESSTOKEN credentials (r1.2 has no PRIVATE_KEY_JWT; PLAIN and REFRESHTOKEN unsupported).
   */
  @Test
  void testV01RequestsFailForUnknownPropertiesAndUnsupportedCredentials() {
    assertError(send(HttpMethod.POST, QBA1, "strict", qba(1).put("unexpected", 1)), 400, "INVALID_ARGUMENT");
    assertError(send(HttpMethod.POST, QB1, "strict", qb("+34600000601").put("unexpected", 1)), 400,
        "INVALID_ARGUMENT");
    JsonObject pkj = new JsonObject().put("credentialType", "PRIVATE_KEY_JWT").put("clientId", "strict")
        .put("tokenUri", "https://127.0.0.1:9/token");
    assertError(send(HttpMethod.POST, QB1, "strict", qb("+34600000602").put("sink", "https://127.0.0.1:9/cb")
        .put("sinkCredential", pkj)), 400, "INVALID_CREDENTIAL");
    JsonObject refresh = new JsonObject().put("credentialType", "REFRESHTOKEN").put("accessToken", "a")
        .put("accessTokenExpiresUtc", "2032-01-01T00:00:00Z").put("accessTokenType", "bearer")
        .put("refreshToken", "r").put("refreshTokenEndpoint", "https://127.0.0.1:9/refresh");
    assertError(send(HttpMethod.POST, QBA1, "strict", qba(1).put("sink", "https://127.0.0.1:9/cb")
        .put("sinkCredential", refresh)), 400, "INVALID_CREDENTIAL");
    JsonObject access = new JsonObject().put("credentialType", "ACCESSTOKEN").put("accessToken", "a")
        .put("accessTokenExpiresUtc", "2032-01-01T00:00:00Z").put("accessTokenType", "bearer");
    ok(send(HttpMethod.POST, QB1, "strict", qb("+34600000603").put("sink", "https://127.0.0.1:9/cb")
        .put("sinkCredential", access)), 201);
  }

  /**
   * Verifies that strings r1.2 leaves unbounded get v0.2's bounds through v0.1 (400 INVALID_ARGUMENT,
   * not a store failure): sink over 2048, startTime over 64 characters.
   */
  @Test
  void testV01RequestsFailForStringsBeyondTheV02Bounds() {
    String longSink = "https://127.0.0.1:9/" + "a".repeat(2100);
    assertError(send(HttpMethod.POST, QB1, "bounds", qb("+34600000651").put("sink", longSink)), 400, "INVALID_ARGUMENT");
    assertError(send(HttpMethod.POST, QBA1, "bounds", qba(1).put("sink", longSink)), 400, "INVALID_ARGUMENT");
    String longStart = Instant.now().plusSeconds(86_400L * 300).toString().replace("Z", "").replaceAll("\\.\\d+$", "")
        + "." + "1".repeat(60) + "Z";
    assertError(send(HttpMethod.POST, QB1, "bounds", qb("+34600000652").put("startTime", longStart)), 400,
        "INVALID_ARGUMENT");
  }

  /** Verifies v0.1's scopes (those of r1.2) and its 401 without a token. */
  @Test
  void testV01FailsWithoutTokenOrScope() {
    HttpResponse<Buffer> anonymous = adapter.client.post(QB1).sendJson(qb("+34600000701")).await();
    assertError(anonymous, 401, "UNAUTHENTICATED");
    HttpResponse<Buffer> readOnly = adapter.client.post(QB1)
        .putHeader("Authorization", adapter.bearer("scoped", "qos-booking:device-qos-bookings:read"))
        .sendJson(qb("+34600000701")).await();
    assertError(readOnly, 403, "PERMISSION_DENIED");
    HttpResponse<Buffer> created = adapter.client.post(QB1)
        .putHeader("Authorization", adapter.bearer("scoped", "qos-booking:device-qos-bookings:create"))
        .sendJson(qb("+34600000701")).await();
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
  }

  /** Verifies the v0.1 documents, docs page and route-template metrics beside v0.2's. */
  @Test
  void testV01DocumentsAndMetricsAreServed() {
    for (String doc : new String[] {"qos-booking-v0.1.yaml", "qos-booking-and-assignment-v0.1.yaml"}) {
      HttpResponse<Buffer> r = adapter.client.get("/openapi/" + doc).send().await();
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.bodyAsString()).contains("version: 0.1.0");
    }
    assertThat(adapter.client.get("/docs/").send().await().bodyAsString())
        .contains("/openapi/qos-booking-v0.1.yaml").contains("/openapi/qos-booking.yaml");
    send(HttpMethod.GET, QB1 + "/3fa85f64-5717-4562-b3fc-2c963f66afa6", "metrics", null);
    assertThat(adapter.client.get("/metrics").send().await().bodyAsString())
        .contains("route=\"/qos-booking/v0.1/>/device-qos-bookings/:bookingId\"");
  }

  /**
   * Verifies {@code api.versions}: a version switched off answers 404 like any unknown path and its
   * documents are not listed; a value naming no known version stops startup.
   */
  @Test
  void testSwitchedOffVersionAnswersNotFound(@TempDir Path other) throws Exception {
    try (Adapter onlyV2 = Adapter.start(other, Map.of("QOSB_API_VERSIONS", "v0.2", "QOSB_DEVICES_DIRECTORY", "open"))) {
      var req = onlyV2.client.post(QB1).putHeader("Authorization", onlyV2.bearer("off", BookingApiTest.ALL));
      assertError(req.sendJson(qb("+34600000801")).await(), 404, "NOT_FOUND");
      assertThat(onlyV2.client.get("/openapi/qos-booking-v0.1.yaml").send().await().statusCode()).isEqualTo(404);
      HttpResponse<Buffer> v2 = onlyV2.client.post(QB2).putHeader("Authorization", onlyV2.bearer("off", BookingApiTest.ALL))
          .sendJson(qb("+34600000801")).await();
      assertThat(v2.statusCode()).as(v2.bodyAsString()).isEqualTo(201);
    }
    assertThatThrownBy(() -> Adapter.start(other, Map.of("QOSB_API_VERSIONS", "v0.1,v0.3")))
        .hasMessageContaining("api.versions");
  }
}
