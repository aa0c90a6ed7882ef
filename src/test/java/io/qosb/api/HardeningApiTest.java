package io.qosb.api;

import static io.qosb.api.ApiFoundationTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.testing.Adapter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies, as a hostile or careless client would call the adapter, the limits of issue 15: open
 * bookings per consumer, the NEF callback route under a flood, applicationServer syntax, malformed
 * HTTP requests, unknown sinkCredential properties, and the size of retrieveBookingByDevice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HardeningApiTest {

  static final String QBA = BookingApiTest.QBA;
  static final String QB = BookingApiTest.QB;
  static final String CALLBACKS = "/nef-callbacks/v1/notifications/";

  @TempDir
  static Path dir;
  final String db = "t" + UUID.randomUUID().toString().replace("-", "");
  Adapter adapter;
  int offset;

  @BeforeAll
  void start() throws Exception {
    adapter = Adapter.start(dir, Map.of("QOSB_STORE_URL", "h2:mem:" + db, "QOSB_BOOKING_MAX_OPEN_PER_CONSUMER", "3",
        "QOSB_NEF_CALLBACK_RATE_LIMIT_RATE_PER_SECOND", "0.01", "QOSB_NEF_CALLBACK_RATE_LIMIT_BURST", "40"));
  }

  @AfterAll
  void stop() {
    adapter.close();
  }

  private HttpResponse<Buffer> send(Adapter a, HttpMethod method, String path, String client, JsonObject body) {
    var req = a.client.request(method, path).putHeader("Authorization", a.bearer(client, BookingApiTest.ALL));
    return body == null ? req.send().await() : req.sendJson(body).await();
  }

  /** A window of its own per call, so that bookings of one device never overlap. */
  private JsonObject booking() {
    offset += 1;
    return new JsonObject().put("qosProfile", "QOS_M")
        .put("startTime", Instant.now().plusSeconds(86_400L * offset).toString()).put("duration", 3600)
        .put("serviceArea", new JsonObject().put("areaType", "CIRCLE")
            .put("center", new JsonObject().put("latitude", 48.85).put("longitude", 2.35)).put("radius", 800));
  }

  private JsonObject qbBooking(JsonObject applicationServer) {
    return booking().put("device", new JsonObject().put("phoneNumber", "+34600000001"))
        .put("applicationServer", applicationServer);
  }

  /** Verifies that a consumer holding booking.maxOpenPerConsumer open bookings gets 429 QUOTA_EXCEEDED, others do not. */
  @Test
  void testCreateFailsWhenConsumerHoldsMaxOpenBookings() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> r = send(adapter, HttpMethod.POST, QBA, "hoarder", booking());
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
      ids.add(r.bodyAsJsonObject().getString("bookingId"));
    }
    HttpResponse<Buffer> refused = send(adapter, HttpMethod.POST, QB, "hoarder",
        qbBooking(new JsonObject().put("ipv4Address", "203.0.113.5")));
    assertError(refused, 429, "QUOTA_EXCEEDED");
    assertThat(refused.bodyAsJsonObject().getString("message")).contains("3 open bookings");
    assertThat(send(adapter, HttpMethod.POST, QBA, "modest", booking()).statusCode()).isEqualTo(201);
    assertThat(send(adapter, HttpMethod.DELETE, QBA + "/" + ids.get(0), "hoarder", null).statusCode()).isEqualTo(200);
    assertThat(send(adapter, HttpMethod.POST, QBA, "hoarder", booking()).statusCode()).isEqualTo(201);
  }

  /** Verifies that applicationServer addresses that are not IPv4/IPv6 addresses or prefixes get 400 naming the field. */
  @Test
  void testCreateFailsForMalformedApplicationServer() {
    String[][] bad = {{"ipv4Address", "any to any"}, {"ipv4Address", "10.0.0.0/33"}, {"ipv4Address", "10.0.0.256"},
        {"ipv6Address", "2001:db8::/129"}, {"ipv6Address", "permit any"}, {"ipv6Address", "2001:db8::1/"}};
    for (String[] b : bad) {
      HttpResponse<Buffer> r = send(adapter, HttpMethod.POST, QB, "flows", qbBooking(new JsonObject().put(b[0], b[1])));
      assertError(r, 400, "INVALID_ARGUMENT");
      assertThat(r.bodyAsJsonObject().getString("message")).as(b[1]).contains("applicationServer." + b[0]);
    }
    HttpResponse<Buffer> ok = send(adapter, HttpMethod.POST, QB, "flows",
        qbBooking(new JsonObject().put("ipv4Address", "198.51.100.0/24").put("ipv6Address", "2001:db8:85a3::/48")));
    assertThat(ok.statusCode()).as(ok.bodyAsString()).isEqualTo(201);
  }

  /** Verifies that an unknown property inside sinkCredential is INVALID_ARGUMENT, not INVALID_TOKEN. */
  @Test
  void testCreateFailsWithInvalidArgumentForUnknownCredentialProperty() {
    JsonObject access = new JsonObject().put("credentialType", "ACCESSTOKEN").put("accessToken", "x")
        .put("accessTokenExpiresUtc", "2032-01-01T00:00:00Z").put("accessTokenType", "bearer").put("scope", "all");
    JsonObject jwt = new JsonObject().put("credentialType", "PRIVATE_KEY_JWT").put("clientId", "me")
        .put("tokenUri", "https://as.example/token").put("audience", "x");
    for (JsonObject credential : new JsonObject[] {access, jwt}) {
      HttpResponse<Buffer> r = send(adapter, HttpMethod.POST, QBA, "cred",
          booking().put("sink", "https://s.example/cb").put("sinkCredential", credential));
      assertError(r, 400, "INVALID_ARGUMENT");
      assertThat(r.bodyAsJsonObject().getString("message")).contains("sinkCredential.");
    }
  }

  /**
   * Verifies that long sinks get the answer their validity calls for, never a 500: a valid sink of
   * 2,048 characters passes the schema (vertx-json-schema's uri regex overflowed the stack on it when cold),
   * in a body that is otherwise invalid it does not hide the body's error, and sinks too long for the
   * contract (up to the body size limit) get 400 INVALID_SINK (Vert.x's validation, which explains
   * refusals, overflowed the event loop's stack on them even when warm, and is then run on a large stack).
   */
  @Test
  void testLongSinksNeverGet500() {
    String prefix = "https://127.0.0.1:9/";
    String sink = prefix + "a".repeat(2_048 - prefix.length());
    // this adapter refuses loopback sinks: the sink passed the schema and reached the sink rules
    HttpResponse<Buffer> passed = send(adapter, HttpMethod.POST, QBA, "longsink", booking().put("sink", sink));
    assertError(passed, 400, "INVALID_SINK");
    assertThat(passed.bodyAsJsonObject().getString("message")).contains("non-public address");
    HttpResponse<Buffer> otherError = send(adapter, HttpMethod.POST, QBA, "longsink",
        booking().put("sink", sink).put("qosProfile", 7));
    assertError(otherError, 400, "INVALID_ARGUMENT");
    assertThat(otherError.bodyAsJsonObject().getString("message")).contains("qosProfile");
    for (int length : new int[] {2_049, 20_000, 60_000}) {
      String value = prefix + "a/b%20".repeat((length - prefix.length()) / 6) + "a".repeat((length - prefix.length()) % 6);
      HttpResponse<Buffer> tooLong = send(adapter, HttpMethod.POST, QBA, "longsink", booking().put("sink", value));
      assertError(tooLong, 400, "INVALID_SINK");
      assertThat(tooLong.bodyAsJsonObject().getString("message")).as(length + " characters").contains("sink");
    }
  }

  /** Verifies that requests Vert.x refuses before routing still get a CAMARA ErrorInfo. */
  @Test
  void testMalformedRequestsGetErrorInfo() {
    String bearer = adapter.bearer("raw", BookingApiTest.ALL);
    assertError(adapter.client.get(QB + "/%ZZ").putHeader("Authorization", bearer).send().await(), 400,
        "INVALID_ARGUMENT");
    assertError(adapter.client.get("/qos-booking/v0.2/" + "a".repeat(5000)).send().await(), 414, "URI_TOO_LONG");
    assertError(adapter.client.get("/health/live").putHeader("X-Big", "b".repeat(9000)).send().await(), 431,
        "HEADERS_TOO_LARGE");
  }

  /** Verifies that one unknown callback token repeated costs one database lookup, not one per request. */
  @Test
  void testCallbackFloodWithUnknownTokenQueriesStoreOnce() throws Exception {
    WebClient nef = WebClient.create(adapter.vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(adapter.verticle.actualPort()).setLocalAddress("127.0.0.2"));
    String token = "A".repeat(43);
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:" + db)) {
      c.createStatement().execute("SET QUERY_STATISTICS TRUE");
      for (int i = 0; i < 30; i++) {
        HttpResponse<Buffer> r = nef.post(CALLBACKS + token).sendJson(new JsonObject().put("subscription", "x")).await();
        assertThat(r.statusCode()).isEqualTo(404);
      }
      ResultSet rs = c.createStatement().executeQuery("SELECT COALESCE(SUM(EXECUTION_COUNT), 0) FROM "
          + "INFORMATION_SCHEMA.QUERY_STATISTICS WHERE SQL_STATEMENT LIKE '%nef_subscription WHERE token%'");
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(1);
    } finally {
      nef.close();
    }
  }

  /** Verifies that a source flooding the callback route gets 429 once over its burst, while another source does not. */
  @Test
  void testCallbackFloodFromOneSourceIsRateLimited() {
    WebClient flood = WebClient.create(adapter.vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(adapter.verticle.actualPort()).setLocalAddress("127.0.0.3"));
    WebClient other = WebClient.create(adapter.vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(adapter.verticle.actualPort()).setLocalAddress("127.0.0.4"));
    try {
      int limited = 0;
      for (int i = 0; i < 60; i++) {
        String token = UUID.randomUUID().toString().replace("-", "") + "x".repeat(11);
        HttpResponse<Buffer> r = flood.post(CALLBACKS + token).sendJson(new JsonObject()).await();
        if (r.statusCode() == 429) {
          assertError(r, 429, "TOO_MANY_REQUESTS");
          limited++;
        }
      }
      assertThat(limited).isEqualTo(20);
      assertThat(other.post(CALLBACKS + "B".repeat(43)).sendJson(new JsonObject()).await().statusCode()).isEqualTo(404);
    } finally {
      flood.close();
      other.close();
    }
  }

  /** Verifies that retrieveBookingByDevice answers at most 100 bookings, the newest first. */
  @Test
  void testRetrieveByDeviceAnswersAtMost100NewestFirst(@TempDir Path own) throws Exception {
    try (Adapter many = Adapter.start(own, Map.of())) {
      JsonObject device = new JsonObject().put("phoneNumber", "+34600000002");
      String last = null;
      for (int i = 0; i < 105; i++) {
        HttpResponse<Buffer> r = send(many, HttpMethod.POST, QB, "many", booking().put("device", device));
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
        last = r.bodyAsJsonObject().getString("bookingId");
      }
      HttpResponse<Buffer> found = send(many, HttpMethod.POST, "/qos-booking/v0.2/retrieve-device-qos-bookings", "many",
          new JsonObject().put("device", device));
      assertThat(found.statusCode()).as(found.bodyAsString()).isEqualTo(200);
      JsonArray list = found.bodyAsJsonArray();
      assertThat(list).hasSize(100);
      assertThat(list.getJsonObject(0).getString("bookingId")).isEqualTo(last);
      assertError(send(many, HttpMethod.POST, "/qos-booking/v0.2/retrieve-device-qos-bookings", "stranger",
          new JsonObject().put("device", device)), 403, "PERMISSION_DENIED");
    }
  }
}
