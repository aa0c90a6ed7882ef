package io.qosb.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.testing.Adapter;
import io.qosb.testing.TestKeys;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.web.client.HttpRequest;
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
 * Verifies the request pipeline every CAMARA operation shares: authentication, scopes, validation
 * with CAMARA codes, media types, size limit, 404/405, x-correlator and the ErrorInfo body.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiFoundationTest {

  static final String BOOKINGS = "/qos-booking-and-assignment/v0.2/qos-bookings";
  static final String CREATE_SCOPE = "qos-booking-and-assignment:qos-bookings:create";

  @TempDir
  static Path dir;
  Adapter adapter;

  @BeforeAll
  void start() throws Exception {
    adapter = Adapter.start(dir, Map.of("QOSB_AUTH_ISSUER", "https://issuer.test", "QOSB_AUTH_AUDIENCE", "qosb"));
  }

  @AfterAll
  void stop() {
    adapter.close();
  }

  private String token(JsonObject key, JsonObject claims, JWTOptions options) {
    return TestKeys.sign(adapter.vertx, key, claims, options.setIssuer("https://issuer.test").addAudience("qosb"));
  }

  private String valid(String scopes) {
    return token(adapter.keys.rsa, new JsonObject().put("client_id", "app-1").put("scope", scopes),
        new JWTOptions().setExpiresInSeconds(600));
  }

  static JsonObject booking() {
    return new JsonObject().put("qosProfile", "QOS_L").put("startTime", Instant.now().plusSeconds(3600).toString())
        .put("duration", 600).put("numDevices", 2)
        .put("serviceArea", new JsonObject().put("areaType", "CIRCLE")
            .put("center", new JsonObject().put("latitude", 41.39).put("longitude", 2.15)).put("radius", 500));
  }

  private HttpResponse<Buffer> post(String token, Object body) {
    HttpRequest<Buffer> req = adapter.client.post(BOOKINGS);
    if (token != null) {
      req.putHeader("Authorization", "Bearer " + token);
    }
    return body == null ? req.send().await()
        : body instanceof Buffer b ? req.putHeader("content-type", "application/json").sendBuffer(b).await()
        : req.sendJson(body).await();
  }

  static void assertError(HttpResponse<Buffer> r, int status, String code) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("content-type")).isEqualTo("application/json");
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("status", "code", "message");
    assertThat(body.getInteger("status")).isEqualTo(status);
    assertThat(body.getString("code")).isEqualTo(code);
    assertThat(body.getString("message")).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
  }

  /** Verifies that a call without a token gets a CAMARA 401. */
  @Test
  void testCreateFailsWithoutToken() {
    assertError(post(null, booking()), 401, "UNAUTHENTICATED");
  }

  /** Verifies that every bad token kind gets 401 UNAUTHENTICATED. */
  @Test
  void testCreateFailsForBadTokens() {
    JsonObject claims = new JsonObject().put("client_id", "app-1").put("scope", CREATE_SCOPE);
    long now = Instant.now().getEpochSecond();
    String expired = token(adapter.keys.rsa, claims.copy().put("exp", now - 600).put("iat", now - 1200), new JWTOptions().setNoTimestamp(true));
    String notYet = token(adapter.keys.rsa, claims.copy().put("nbf", now + 600), new JWTOptions().setExpiresInSeconds(900));
    String strangerKey = token(adapter.keys.stranger, claims, new JWTOptions().setExpiresInSeconds(600));
    String unknownKid = token(adapter.keys.rsa.copy().put("kid", "who"), claims, new JWTOptions().setExpiresInSeconds(600));
    String wrongIssuer = TestKeys.sign(adapter.vertx, adapter.keys.rsa, claims,
        new JWTOptions().setExpiresInSeconds(600).setIssuer("https://evil.test").addAudience("qosb"));
    String wrongAudience = TestKeys.sign(adapter.vertx, adapter.keys.rsa, claims,
        new JWTOptions().setExpiresInSeconds(600).setIssuer("https://issuer.test").addAudience("other"));
    String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
    String payload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
        claims.copy().put("exp", now + 600).put("iss", "https://issuer.test").put("aud", "qosb").encode().getBytes());
    String none = header + "." + payload + ".";
    for (String t : new String[] {expired, notYet, strangerKey, unknownKid, wrongIssuer, wrongAudience, none, "garbage"}) {
      assertError(post(t, booking()), 401, "UNAUTHENTICATED");
    }
  }

  /** Verifies that RSA, EC and oct keys of the JWKS are all accepted. */
  @Test
  void testCreatePassesAuthWithEachKeyType() {
    JsonObject claims = new JsonObject().put("client_id", "app-1").put("scope", CREATE_SCOPE);
    for (JsonObject key : new JsonObject[] {adapter.keys.rsa, adapter.keys.ec, adapter.keys.oct}) {
      HttpResponse<Buffer> r = post(token(key, claims, new JWTOptions().setExpiresInSeconds(600)), new JsonObject());
      assertThat(r.statusCode()).as(key.getString("kty") + " " + r.bodyAsString()).isEqualTo(400);
    }
  }

  /** Verifies that a token without the operation's scope gets 403 PERMISSION_DENIED. */
  @Test
  void testCreateFailsWithoutScope() {
    assertError(post(valid("qos-booking-and-assignment:qos-bookings:read"), booking()), 403, "PERMISSION_DENIED");
  }

  /** Verifies that an invalid body gets 400 naming the field, with the code §A-5 calls for. */
  @Test
  void testCreateFailsForInvalidBodies() {
    String t = valid(CREATE_SCOPE);
    HttpResponse<Buffer> missing = post(t, booking().copy().put("qosProfile", 42));
    assertError(missing, 400, "INVALID_ARGUMENT");
    assertThat(missing.bodyAsJsonObject().getString("message")).contains("qosProfile");
    assertError(post(t, booking().put("numDevices", 51)), 400, "OUT_OF_RANGE");
    assertError(post(t, booking().put("duration", 86401)), 400, "QOS_BOOKING_AND_ASSIGNMENT.DURATION_OUT_OF_RANGE");
    assertError(post(t, booking().put("unknownField", 1)), 400, "INVALID_ARGUMENT");
    JsonObject nested = booking();
    nested.getJsonObject("serviceArea").getJsonObject("center").put("altitude", 3);
    assertError(post(t, nested), 400, "INVALID_ARGUMENT");
    assertError(post(t, Buffer.buffer("{\"qosProfile\": ")), 400, "INVALID_ARGUMENT");
    assertError(post(t, null), 400, "INVALID_ARGUMENT");
  }

  /** Verifies media type handling: other types 415, JSON without Content-Type accepted. */
  @Test
  void testCreateMediaTypes() {
    String t = valid(CREATE_SCOPE);
    HttpResponse<Buffer> text = adapter.client.post(BOOKINGS).putHeader("Authorization", "Bearer " + t)
        .putHeader("content-type", "text/plain").sendBuffer(booking().toBuffer()).await();
    assertError(text, 415, "UNSUPPORTED_MEDIA_TYPE");
    HttpResponse<Buffer> none = adapter.client.post(BOOKINGS).putHeader("Authorization", "Bearer " + t)
        .sendBuffer(booking().toBuffer()).await();
    assertThat(none.statusCode()).as(none.bodyAsString()).isNotIn(400, 415);
  }

  /** Verifies that a body over the configured limit gets 413. */
  @Test
  void testCreateFailsForOversizedBody() {
    String big = "{\"qosProfile\":\"" + "x".repeat(70_000) + "\"}";
    assertError(post(valid(CREATE_SCOPE), Buffer.buffer(big)), 413, "PAYLOAD_TOO_LARGE");
  }

  /** Verifies 404 for an unknown path and 405 for a wrong method, both as ErrorInfo. */
  @Test
  void testUnknownPathAndMethod() {
    assertError(adapter.client.get("/nothing/here").send().await(), 404, "NOT_FOUND");
    assertError(adapter.client.request(HttpMethod.PUT, BOOKINGS).send().await(), 405, "METHOD_NOT_ALLOWED");
  }

  /** Verifies that x-correlator is echoed on success and error, and refused when malformed. */
  @Test
  void testCorrelator() {
    HttpResponse<Buffer> error = adapter.client.post(BOOKINGS).putHeader("x-correlator", "abc-123")
        .sendJson(booking()).await();
    assertThat(error.statusCode()).isEqualTo(401);
    assertThat(error.getHeader("x-correlator")).isEqualTo("abc-123");
    HttpResponse<Buffer> ok = adapter.client.get("/health/live").putHeader("x-correlator", "ok-1").send().await();
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.getHeader("x-correlator")).isEqualTo("ok-1");
    HttpResponse<Buffer> bad = adapter.client.post(BOOKINGS).putHeader("x-correlator", "bad value!")
        .putHeader("Authorization", "Bearer " + valid(CREATE_SCOPE)).sendJson(booking()).await();
    assertError(bad, 400, "INVALID_ARGUMENT");
  }

  /** Verifies health, metrics, documents and docs page. */
  @Test
  void testOperationalEndpoints() {
    assertThat(adapter.client.get("/health/live").send().await().statusCode()).isEqualTo(200);
    HttpResponse<Buffer> ready = adapter.client.get("/health/ready").send().await();
    assertThat(ready.statusCode()).as(ready.bodyAsString()).isEqualTo(200);
    post(null, booking());
    String metrics = adapter.client.get("/metrics").send().await().bodyAsString();
    assertThat(metrics).contains("jvm_memory_used_bytes").contains("vertx_http_server_requests_total")
        .contains("route=\"/qos-booking-and-assignment/v0.2/>/qos-bookings\"");
    HttpResponse<Buffer> doc = adapter.client.get("/openapi/qos-profiles.yaml").send().await();
    assertThat(doc.statusCode()).isEqualTo(200);
    assertThat(doc.bodyAsString()).contains("retrieveQosProfiles");
    assertThat(adapter.client.get("/openapi/../pom.xml").send().await().statusCode()).isEqualTo(404);
    HttpResponse<Buffer> docs = adapter.client.get("/docs/").send().await();
    assertThat(docs.bodyAsString()).contains("SwaggerUIBundle").contains("/openapi/qos-booking.yaml");
    assertThat(adapter.client.get("/docs/swagger-ui-bundle.js").send().await().statusCode()).isEqualTo(200);
  }
}
