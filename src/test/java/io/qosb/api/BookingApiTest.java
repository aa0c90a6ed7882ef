package io.qosb.api;

import static io.qosb.api.ApiFoundationTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.testing.Adapter;
import io.qosb.testing.TestKeys;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
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
 * Verifies the booking APIs end to end over HTTP: the rules a developer sees through both APIs on the
 * one engine (quota, idempotency, cross-API overlap, ownership, identifiers, credentials, echo).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BookingApiTest {

  static final String QBA = "/qos-booking-and-assignment/v0.2/qos-bookings";
  static final String QB = "/qos-booking/v0.2/device-qos-bookings";
  static final String ALL = String.join(" ", "qos-booking-and-assignment:qos-bookings:create",
      "qos-booking-and-assignment:qos-bookings:read", "qos-booking-and-assignment:qos-bookings:delete",
      "qos-booking-and-assignment:qos-bookings:devices:create", "qos-booking-and-assignment:qos-bookings:devices:read",
      "qos-booking-and-assignment:qos-bookings:devices:delete", "qos-booking-and-assignment:qos-bookings:retrieve-by-device",
      "qos-booking:device-qos-bookings:create", "qos-booking:device-qos-bookings:read",
      "qos-booking:device-qos-bookings:delete", "qos-booking:device-qos-bookings:retrieve-by-device", "qos-profiles:read");

  @TempDir
  static Path dir;
  Adapter adapter;
  int offset;

  @BeforeAll
  void start() throws Exception {
    // the echo test's sink is a loopback address (no DNS, nothing listening): the sink guard must let it pass
    adapter = Adapter.start(dir, Map.of("QOSB_SINKS_ALLOW_PRIVATE_ADDRESSES", "true"));
  }

  @AfterAll
  void stop() {
    adapter.close();
  }

  private String token(String client) {
    return adapter.bearer(client, ALL);
  }

  private String threeLegged(String client, String phone) {
    return "Bearer " + TestKeys.sign(adapter.vertx, adapter.keys.rsa, new JsonObject().put("client_id", client)
        .put("scope", ALL).put("phone_number", phone), new JWTOptions().setExpiresInSeconds(600));
  }

  /** A window of its own per call, so tests do not collide on device overlap. */
  private JsonObject booking(int devices) {
    offset += 1;
    return new JsonObject().put("qosProfile", "QOS_M")
        .put("startTime", Instant.now().plusSeconds(86_400L * offset).toString()).put("duration", 3600)
        .put("numDevices", devices).put("serviceArea", new JsonObject().put("areaType", "CIRCLE")
            .put("center", new JsonObject().put("latitude", 48.85).put("longitude", 2.35)).put("radius", 800));
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path, String bearer, JsonObject body) {
    var req = adapter.client.request(method, path).putHeader("Authorization", bearer);
    return body == null ? req.send().await() : req.sendJson(body).await();
  }

  private String create(String bearer, JsonObject body) {
    HttpResponse<Buffer> r = send(HttpMethod.POST, QBA, bearer, body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject().getString("bookingId");
  }

  private static JsonObject phones(String... numbers) {
    JsonArray devices = new JsonArray();
    for (String n : numbers) {
      devices.add(new JsonObject().put("phoneNumber", n));
    }
    return new JsonObject().put("devices", devices);
  }

  /** Verifies createBooking echoes the request, keeps sink, never returns sinkCredential. */
  @Test
  void testCreateEchoesRequestWithoutCredential() {
    String start = java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(2)).plusDays(200).withNano(0)
        .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX"));
    JsonObject body = booking(3).put("startTime", start).put("sink", "https://127.0.0.1:9/cb")
        .put("sinkCredential", new JsonObject().put("credentialType", "ACCESSTOKEN").put("accessToken", "s3cret")
            .put("accessTokenExpiresUtc", "2032-01-01T00:00:00Z").put("accessTokenType", "bearer"));
    HttpResponse<Buffer> r = send(HttpMethod.POST, QBA, token("echo"), body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject b = r.bodyAsJsonObject();
    assertThat(b.getString("startTime")).isEqualTo(start);
    assertThat(b.getJsonObject("serviceArea")).isEqualTo(body.getJsonObject("serviceArea"));
    assertThat(b.getInteger("totalDevices")).isEqualTo(3);
    assertThat(b.getInteger("remainingDevices")).isEqualTo(3);
    assertThat(b.getString("status")).isEqualTo("SUCCESSFUL");
    assertThat(b.getString("statusInfo")).isEqualTo("BOOKING_ACCEPTED");
    assertThat(b.getString("sink")).isEqualTo("https://127.0.0.1:9/cb");
    assertThat(r.bodyAsString()).doesNotContain("sinkCredential").doesNotContain("s3cret");
    HttpResponse<Buffer> got = send(HttpMethod.GET, QBA + "/" + b.getString("bookingId"), token("echo"), null);
    assertThat(got.bodyAsJsonObject()).isEqualTo(b);
  }

  /**
   * Verifies that a request answers the same whether the compiled checks accept it (plain JSON
   * content type) or Vert.x's validation decides (a content type with white space takes that path):
   * valid bodies are created, invalid ones get the same CAMARA error, message included.
   */
  @Test
  void testValidationAnswersTheSameOnBothPaths() {
    String t = token("paths");
    for (String type : java.util.List.of("application/json", "application/json; charset=utf-8")) {
      HttpResponse<Buffer> ok = sendAs(type, t, booking(1));
      assertThat(ok.statusCode()).as(type + ": " + ok.bodyAsString()).isEqualTo(201);
    }
    java.util.List<JsonObject> invalid = java.util.List.of(booking(1).put("unknown", 1), booking(1).put("numDevices", 0),
        booking(1).put("duration", 0), booking(1).put("qosProfile", 7), booking(1).put("sink", "http://plain.example"));
    for (JsonObject body : invalid) {
      HttpResponse<Buffer> fast = sendAs("application/json", t, body);
      HttpResponse<Buffer> vertx = sendAs("application/json; charset=utf-8", t, body);
      assertThat(fast.statusCode()).as(body.encode()).isBetween(400, 499);
      assertThat(fast.bodyAsJsonObject()).as(body.encode()).isEqualTo(vertx.bodyAsJsonObject());
      assertThat(fast.statusCode()).isEqualTo(vertx.statusCode());
    }
    // a path parameter Vert.x's transformer cannot decode (a lone quote) is its error, not a crash
    assertError(send(HttpMethod.GET, QBA + "/%22abc", t, null), 400, "INVALID_ARGUMENT");
  }

  private HttpResponse<Buffer> sendAs(String contentType, String bearer, JsonObject body) {
    return adapter.client.request(HttpMethod.POST, QBA).putHeader("Authorization", bearer)
        .putHeader("content-type", contentType).sendBuffer(body.toBuffer()).await();
  }

  /** Verifies credential checks: unsupported type, non-bearer, expired token. */
  @Test
  void testCreateFailsForBadSinkCredentials() {
    String t = token("cred");
    JsonObject access = new JsonObject().put("credentialType", "ACCESSTOKEN").put("accessToken", "x")
        .put("accessTokenExpiresUtc", "2032-01-01T00:00:00Z").put("accessTokenType", "bearer");
    assertError(send(HttpMethod.POST, QBA, t, booking(1).put("sink", "https://s.example")
        .put("sinkCredential", new JsonObject().put("credentialType", "REFRESHTOKEN"))), 400, "INVALID_CREDENTIAL");
    assertError(send(HttpMethod.POST, QBA, t, booking(1).put("sink", "https://s.example")
        .put("sinkCredential", access.copy().put("accessTokenExpiresUtc", "2020-01-01T00:00:00Z"))), 400, "INVALID_TOKEN");
    assertError(send(HttpMethod.POST, QBA, t, booking(1).put("sink", "https://s.example")
        .put("sinkCredential", access.copy().put("accessTokenType", "mac"))), 400, "INVALID_TOKEN");
    assertError(send(HttpMethod.POST, QBA, t, booking(1).put("sink", "http://plain.example")), 400, "INVALID_SINK");
    assertError(send(HttpMethod.POST, QB, t, qbBooking("+34600000001").put("sink", "https://s.example")
        .put("sinkCredential", new JsonObject().put("credentialType", "PLAIN").put("identifier", "a").put("secret", "b"))),
        400, "INVALID_CREDENTIAL");
  }

  /** Verifies quota: more devices than remain gives PARTIAL_SUCCESS/QUOTA_EXCEEDED; a repeat is idempotent. */
  @Test
  void testAssignBeyondQuotaAssignsWhatFits() {
    String t = token("quota");
    String id = create(t, booking(2));
    HttpResponse<Buffer> r = send(HttpMethod.POST, QBA + "/" + id + "/devices/assign", t,
        new JsonObject().put("devices", phones("+34600000001", "+34600000002").getJsonArray("devices")
            .add(new JsonObject().put("ipv4Address", new JsonObject().put("publicAddress", "198.51.100.10").put("publicPort", 4000)))));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject out = r.bodyAsJsonObject();
    assertThat(out.getString("status")).isEqualTo("PARTIAL_SUCCESS");
    assertThat(out.getString("statusInfo")).isEqualTo("QUOTA_EXCEEDED");
    assertThat(out.getJsonArray("devices")).hasSize(2);
    assertThat(out.getJsonObject("bookingDetails").getInteger("remainingDevices")).isZero();
    HttpResponse<Buffer> again = send(HttpMethod.POST, QBA + "/" + id + "/devices/assign", t, phones("+34600000001"));
    assertThat(again.statusCode()).as(again.bodyAsString()).isEqualTo(201);
    assertThat(again.bodyAsJsonObject().getJsonObject("bookingDetails").getInteger("remainingDevices")).isZero();
    HttpResponse<Buffer> released = send(HttpMethod.POST, QBA + "/" + id + "/devices/release", t, phones("+34600000002"));
    assertThat(released.statusCode()).as(released.bodyAsString()).isEqualTo(200);
    assertThat(released.bodyAsJsonObject().getJsonObject("bookingDetails").getInteger("remainingDevices")).isEqualTo(1);
    assertError(send(HttpMethod.POST, QBA + "/" + id + "/devices/release", t, phones("+34600000002")), 404,
        "IDENTIFIER_NOT_FOUND");
  }

  /** Verifies a device cannot hold overlapping bookings across the two APIs. */
  @Test
  void testDeviceOverlapAcrossApis() {
    String t = token("overlap");
    JsonObject qba = booking(1);
    String id = create(t, qba);
    assertThat(send(HttpMethod.POST, QBA + "/" + id + "/devices/assign", t, phones("+34600000001")).statusCode())
        .isEqualTo(201);
    JsonObject qb = qbBooking("+34600000001").put("startTime", qba.getString("startTime"));
    HttpResponse<Buffer> refused = send(HttpMethod.POST, QB, t, qb);
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(409);
    String other = create(t, booking(1).put("startTime", qba.getString("startTime")));
    assertError(send(HttpMethod.POST, QBA + "/" + other + "/devices/assign", t, phones("+34600000001")), 409,
        "INCOMPATIBLE_STATE");
    HttpResponse<Buffer> deleted = send(HttpMethod.DELETE, QBA + "/" + id, t, null);
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(deleted.bodyAsJsonObject().getString("statusInfo")).isEqualTo("BOOKING_CANCELLED");
    assertError(send(HttpMethod.GET, QBA + "/" + id, t, null), 404, "NOT_FOUND");
    HttpResponse<Buffer> freed = send(HttpMethod.POST, QB, t, qb);
    assertThat(freed.statusCode()).as(freed.bodyAsString()).isEqualTo(201);
  }

  /** Verifies another consumer gets 403 with nothing of the booking, and identifier rules of 2-/3-legged calls. */
  @Test
  void testOwnershipAndIdentifierRules() {
    String t = token("owner");
    String id = create(t, booking(2));
    HttpResponse<Buffer> foreign = send(HttpMethod.GET, QBA + "/" + id, token("intruder"), null);
    assertError(foreign, 403, "PERMISSION_DENIED");
    assertThat(foreign.bodyAsString()).doesNotContain(id).doesNotContain("QOS_M");
    assertError(send(HttpMethod.POST, QBA + "/" + id + "/devices/assign", token("intruder"), phones("+34600000001")),
        403, "PERMISSION_DENIED");
    assertError(send(HttpMethod.POST, QBA + "/" + id + "/devices/assign", t, new JsonObject()), 422, "MISSING_IDENTIFIER");
    String three = threeLegged("owner", "+34600000002");
    assertError(send(HttpMethod.POST, QBA + "/" + id + "/devices/assign", three, phones("+34600000002")), 422,
        "UNNECESSARY_IDENTIFIER");
    HttpResponse<Buffer> byToken = send(HttpMethod.POST, QBA + "/" + id + "/devices/assign", three, new JsonObject());
    assertThat(byToken.statusCode()).as(byToken.bodyAsString()).isEqualTo(201);
    assertThat(byToken.bodyAsJsonObject().getJsonObject("bookingDetails").getInteger("remainingDevices")).isEqualTo(1);
    HttpResponse<Buffer> devices = send(HttpMethod.GET, QBA + "/" + id + "/devices", t, null);
    assertThat(devices.bodyAsJsonObject().getString("statusInfo")).isEqualTo("DEVICE_DISCLOSURE_POLICY_APPLIED");
    assertThat(devices.bodyAsJsonObject().containsKey("devices")).isFalse();
    assertError(send(HttpMethod.POST, QBA + "/" + id + "/devices/assign", t,
        new JsonObject().put("devices", new JsonArray().add(new JsonObject().put("networkAccessIdentifier", "a@b.c")))),
        422, "UNSUPPORTED_IDENTIFIER");
    assertError(send(HttpMethod.POST, QBA + "/" + id + "/devices/assign", t, phones("+34699999999")), 404,
        "IDENTIFIER_NOT_FOUND");
    assertError(send(HttpMethod.POST, QBA + "/" + id + "/devices/assign", t, phones("+34600000099")), 422,
        "SERVICE_NOT_APPLICABLE");
  }

  private JsonObject qbBooking(String phone) {
    JsonObject b = booking(1);
    b.remove("numDevices");
    return b.put("device", new JsonObject().put("phoneNumber", phone))
        .put("applicationServer", new JsonObject().put("ipv4Address", "203.0.113.5"))
        .put("devicePorts", new JsonObject().put("ports", new JsonArray().add(5000)));
  }

  /** Verifies the QB lifecycle over HTTP: create, read, retrieve by device, delete (204) then 404. */
  @Test
  void testDeviceBookingLifecycle() {
    String t = token("qb");
    JsonObject body = qbBooking("+34600000002");
    HttpResponse<Buffer> created = send(HttpMethod.POST, QB, t, body);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject b = created.bodyAsJsonObject();
    assertThat(b.getString("bookingStatus")).isEqualTo("SCHEDULED");
    assertThat(b.getJsonObject("device")).isEqualTo(body.getJsonObject("device"));
    assertThat(b.getJsonObject("applicationServer")).isEqualTo(body.getJsonObject("applicationServer"));
    assertThat(b.containsKey("startedAt")).isFalse();
    String id = b.getString("bookingId");
    assertThat(send(HttpMethod.GET, QB + "/" + id, t, null).bodyAsJsonObject()).isEqualTo(b);
    HttpResponse<Buffer> found = send(HttpMethod.POST, "/qos-booking/v0.2/retrieve-device-qos-bookings", t,
        new JsonObject().put("device", new JsonObject().put("phoneNumber", "+34600000002")));
    assertThat(found.statusCode()).as(found.bodyAsString()).isEqualTo(200);
    assertThat(found.bodyAsJsonArray()).hasSize(1);
    assertError(send(HttpMethod.GET, QBA + "/" + id, t, null), 404, "NOT_FOUND");
    assertThat(send(HttpMethod.DELETE, QB + "/" + id, t, null).statusCode()).isEqualTo(204);
    assertError(send(HttpMethod.GET, QB + "/" + id, t, null), 404, "NOT_FOUND");
    JsonObject badArea = qbBooking("+34600000002");
    badArea.getJsonObject("serviceArea").put("radius", 0);
    assertError(send(HttpMethod.POST, QB, t, badArea), 422, "QOS_BOOKING.INVALID_AREA");
    assertError(send(HttpMethod.POST, QB, t, qbBooking("+34600000002").put("duration", 86_400 * 2)), 400,
        "QOS_BOOKING.DURATION_OUT_OF_RANGE");
  }

  /** Verifies QoS Profiles: list, filter, one by name, unknown name. */
  @Test
  void testQosProfiles() {
    String t = token("profiles");
    HttpResponse<Buffer> all = send(HttpMethod.POST, "/qos-profiles/v1/retrieve-qos-profiles", t, new JsonObject());
    assertThat(all.statusCode()).as(all.bodyAsString()).isEqualTo(200);
    assertThat(all.bodyAsJsonArray().stream().map(o -> ((JsonObject) o).getString("name")))
        .containsExactlyInAnyOrder("QOS_E", "QOS_S", "QOS_M", "QOS_L");
    assertThat(all.bodyAsString()).doesNotContain("qosReference");
    HttpResponse<Buffer> one = send(HttpMethod.POST, "/qos-profiles/v1/retrieve-qos-profiles", t,
        new JsonObject().put("name", "QOS_L"));
    assertThat(one.bodyAsJsonArray()).hasSize(1);
    HttpResponse<Buffer> byName = send(HttpMethod.GET, "/qos-profiles/v1/qos-profiles/QOS_E", t, null);
    assertThat(byName.bodyAsJsonObject().getString("status")).isEqualTo("ACTIVE");
    assertError(send(HttpMethod.GET, "/qos-profiles/v1/qos-profiles/QOS_NONE", t, null), 404, "NOT_FOUND");
    assertError(send(HttpMethod.POST, "/qos-profiles/v1/retrieve-qos-profiles", t,
        new JsonObject().put("device", new JsonObject().put("phoneNumber", "+34600000099"))), 422, "SERVICE_NOT_APPLICABLE");
    assertError(send(HttpMethod.POST, "/qos-profiles/v1/retrieve-qos-profiles", threeLegged("p", "+34600000001"),
        new JsonObject().put("device", new JsonObject().put("phoneNumber", "+34600000001"))), 422, "UNNECESSARY_IDENTIFIER");
  }
}
