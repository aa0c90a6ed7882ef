package io.qosb.notify;

import static io.qosb.notify.NotifyFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.testing.Adapter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
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
 * Verifies notifications through the HTTP APIs of a whole adapter: the sink guard at request time
 * (default configuration), the JWKS route, and events of bookings made over HTTP, with the release
 * event going to the sink of the release request (§A-22).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NotificationApiTest {

  static final String QBA = "/qos-booking-and-assignment/v0.2/qos-bookings";
  static final String QB = "/qos-booking/v0.2/device-qos-bookings";
  static final String SCOPES = String.join(" ", "qos-booking-and-assignment:qos-bookings:create",
      "qos-booking-and-assignment:qos-bookings:devices:create", "qos-booking-and-assignment:qos-bookings:devices:delete",
      "qos-booking:device-qos-bookings:create");

  @TempDir
  static Path dir;
  Adapter guarded;
  Adapter relaxed;
  TestSink sink;
  int offset;

  @BeforeAll
  void start() throws Exception {
    guarded = Adapter.start(dir, Map.of());
    relaxed = Adapter.start(dir, Map.of("QOSB_SINKS_ALLOW_PRIVATE_ADDRESSES", "true", "QOSB_SINKS_TRUST_ALL", "true",
        "QOSB_NOTIFY_POLL_INTERVAL", "PT0.05S", "QOSB_HTTP_PUBLIC_URL", "https://api.operator.test"));
    sink = new TestSink(relaxed.vertx).start().await();
  }

  @AfterAll
  void stop() {
    sink.close().await();
    guarded.close();
    relaxed.close();
  }

  private JsonObject qba(int devices) {
    offset++;
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

  /** The CAMARA ErrorInfo of a refused request. */
  private static void assertError(HttpResponse<Buffer> r, int status, String code) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getInteger("status")).isEqualTo(status);
    assertThat(body.getString("code")).as(r.bodyAsString()).isEqualTo(code);
  }

  private HttpResponse<Buffer> post(Adapter a, String path, JsonObject body) {
    return postAs(a, "app-n", path, body);
  }

  private HttpResponse<Buffer> postAs(Adapter a, String client, String path, JsonObject body) {
    return a.client.request(HttpMethod.POST, path).putHeader("Authorization", a.bearer(client, SCOPES))
        .sendJson(body).await();
  }

  private String created(Adapter a, JsonObject body) {
    HttpResponse<Buffer> r = post(a, QBA, body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject().getString("bookingId");
  }

  /** Verifies that a loopback sink is refused with 400 INVALID_SINK naming sink, in every operation that takes one. */
  @Test
  void testLoopbackSinkIsRefusedAtRequestTime() {
    String loopback = "https://127.0.0.1:8443/callback";
    HttpResponse<Buffer> r = post(guarded, QBA, qba(1).put("sink", loopback));
    assertError(r, 400, "INVALID_SINK");
    assertThat(r.bodyAsJsonObject().getString("message")).startsWith("sink:");
    assertError(post(guarded, QB, qb("+34600000001").put("sink", "https://[::1]/cb")), 400, "INVALID_SINK");
    String id = created(guarded, qba(2));
    assertError(post(guarded, QBA + "/" + id + "/devices/assign", phones("+34600000001").put("sink", loopback)),
        400, "INVALID_SINK");
    assertError(post(guarded, QBA + "/" + id + "/devices/release", phones("+34600000001").put("sink", "https://10.0.0.8/cb")),
        400, "INVALID_SINK");
    JsonObject pkj = new JsonObject().put("credentialType", "PRIVATE_KEY_JWT").put("clientId", "c")
        .put("tokenUri", "https://169.254.169.254/token");
    assertError(post(guarded, QBA, qba(1).put("sink", "https://8.8.8.8/cb").put("sinkCredential", pkj)), 400,
        "INVALID_CREDENTIAL");
  }

  /**
   * Verifies that PRIVATE_KEY_JWT is bound to the caller (confused deputy, issue 15): a consumer that
   * names another consumer's clientId and token endpoint is refused with 400 INVALID_CREDENTIAL, the
   * adapter asks that token endpoint for nothing and no event carries a token; the victim's own
   * booking still gets its token.
   */
  @Test
  void testPrivateKeyJwtForAnotherConsumersClientIdGetsNoToken() {
    sink.jwksUrl = "http://127.0.0.1:" + relaxed.verticle.actualPort() + "/notify/v1/jwks.json";
    sink.expectedClientId = "app-victim";
    JsonObject victims = new JsonObject().put("credentialType", "PRIVATE_KEY_JWT").put("clientId", "app-victim")
        .put("tokenUri", sink.url("/token"));
    HttpResponse<Buffer> attack = postAs(relaxed, "app-attacker", QB, qb("+34600000002")
        .put("sink", sink.url("/attacker")).put("sinkCredential", victims));
    assertError(attack, 400, "INVALID_CREDENTIAL");
    HttpResponse<Buffer> attackQba = postAs(relaxed, "app-attacker", QBA, qba(1)
        .put("sink", sink.url("/attacker")).put("sinkCredential", victims));
    assertError(attackQba, 400, "INVALID_CREDENTIAL");
    HttpResponse<Buffer> own = postAs(relaxed, "app-victim", QB, qb("+34600000001")
        .put("sink", sink.url("/victim")).put("sinkCredential", victims));
    assertThat(own.statusCode()).as(own.bodyAsString()).isEqualTo(201);
    eventually(Duration.ofSeconds(5), () -> sink.at("/victim").size() == 1);
    NotifyFixture.assertBearer(sink.at("/victim").get(0), TestSink.TOKEN);
    NotifyFixture.quietFor(relaxed.vertx, Duration.ofMillis(300)).await();
    assertThat(sink.at("/attacker")).isEmpty();
    assertThat(sink.at("/token")).hasSize(1);
  }

  /** Verifies the public JWKS of the signing key is served without private parts. */
  @Test
  void testJwksIsPublished() {
    HttpResponse<Buffer> r = guarded.client.get("/notify/v1/jwks.json").send().await();
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject key = r.bodyAsJsonObject().getJsonArray("keys").getJsonObject(0);
    assertThat(key.getString("kid")).isEqualTo("dev-1");
    assertThat(key.fieldNames()).doesNotContain("d", "p", "q", "dp", "dq", "qi");
  }

  /**
   * Verifies events of bookings made over HTTP: QB SCHEDULED to the booking's sink with the public
   * URL as source; release events to the release request's sink, else the assignment's.
   */
  @Test
  void testEventsOfHttpRequestsReachTheirSinks() {
    JsonObject credential = new JsonObject().put("credentialType", "ACCESSTOKEN").put("accessToken", "api-token")
        .put("accessTokenExpiresUtc", Instant.now().plusSeconds(3600).toString()).put("accessTokenType", "bearer");
    HttpResponse<Buffer> qb = post(relaxed, QB, qb("+34600000002").put("sink", sink.url("/api-qb"))
        .put("sinkCredential", credential));
    assertThat(qb.statusCode()).as(qb.bodyAsString()).isEqualTo(201);
    eventually(Duration.ofSeconds(5), () -> sink.at("/api-qb").size() == 1);
    JsonObject event = sink.at("/api-qb").get(0).json();
    assertThat(event.getString("source")).isEqualTo("https://api.operator.test" + QB + "/" + qb.bodyAsJsonObject().getString("bookingId"));
    NotifyFixture.assertBearer(sink.at("/api-qb").get(0), "api-token");

    String id = created(relaxed, qba(2));
    HttpResponse<Buffer> assigned = post(relaxed, QBA + "/" + id + "/devices/assign",
        phones("+34600000001", "+34600000002").put("sink", sink.url("/api-assigned")));
    assertThat(assigned.statusCode()).as(assigned.bodyAsString()).isEqualTo(201);
    HttpResponse<Buffer> released = post(relaxed, QBA + "/" + id + "/devices/release",
        phones("+34600000001").put("sink", sink.url("/api-release")));
    assertThat(released.statusCode()).as(released.bodyAsString()).isEqualTo(200);
    eventually(Duration.ofSeconds(5), () -> sink.at("/api-release").size() == 1);
    JsonObject release = sink.at("/api-release").get(0).json().getJsonObject("data");
    assertThat(release.getJsonObject("deviceDetails").getJsonArray("devices"))
        .containsExactly(new JsonObject().put("phoneNumber", "+34600000001"));
    assertThat(post(relaxed, QBA + "/" + id + "/devices/release", phones("+34600000002")).statusCode()).isEqualTo(200);
    eventually(Duration.ofSeconds(5), () -> sink.at("/api-assigned").size() == 1);
    assertThat(sink.at("/api-assigned").get(0).json().getJsonObject("data").getJsonObject("deviceDetails")
        .getJsonArray("devices")).containsExactly(new JsonObject().put("phoneNumber", "+34600000002"));
    assertThat(sink.at("/api-release")).hasSize(1);
  }
}
