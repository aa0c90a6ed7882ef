package io.qosb.notify;

import static io.qosb.notify.NotifyFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.testing.Adapter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies rotation of the credential key over HTTP (issue 15): bookings sealed with an old key
 * keep working while it is listed in notify.credentialKeys, and once no key opens a credential its
 * booking still reads and can be deleted; only the delivery of its events fails.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NotificationKeyRotationTest {

  static final String QB = "/qos-booking/v0.2/device-qos-bookings";
  static final String SCOPES = String.join(" ", "qos-booking:device-qos-bookings:create",
      "qos-booking:device-qos-bookings:read", "qos-booking:device-qos-bookings:delete");

  @TempDir
  Path dir;

  private static String newKey() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return Base64.getEncoder().encodeToString(k);
  }

  private Adapter start(String keyEnv, String keyValue) throws Exception {
    Map<String, String> env = new HashMap<>(Map.of("QOSB_SINKS_ALLOW_PRIVATE_ADDRESSES", "true",
        "QOSB_SINKS_TRUST_ALL", "true", "QOSB_NOTIFY_POLL_INTERVAL", "PT0.05S",
        "QOSB_STORE_URL", "h2:file:" + dir.resolve("rotation").toAbsolutePath()));
    env.put(keyEnv, keyValue);
    return Adapter.start(dir, env);
  }

  private static HttpResponse<Buffer> call(Adapter a, HttpMethod method, String path, JsonObject body) {
    var request = a.client.request(method, path).putHeader("Authorization", a.bearer("app-rot", SCOPES));
    return (body == null ? request.send() : request.sendJson(body)).await();
  }

  private static String create(Adapter a, TestSink sink, String path, String phone, int day) {
    JsonObject credential = new JsonObject().put("credentialType", "ACCESSTOKEN").put("accessToken", "tok" + path)
        .put("accessTokenExpiresUtc", Instant.now().plusSeconds(3600).toString()).put("accessTokenType", "bearer");
    JsonObject body = new JsonObject().put("qosProfile", "QOS_M")
        .put("startTime", Instant.now().plusSeconds(86_400L * day).toString()).put("duration", 3600)
        .put("serviceArea", new JsonObject().put("areaType", "CIRCLE")
            .put("center", new JsonObject().put("latitude", 48.85).put("longitude", 2.35)).put("radius", 800))
        .put("device", new JsonObject().put("phoneNumber", phone)).put("sink", sink.url(path))
        .put("sinkCredential", credential);
    HttpResponse<Buffer> r = call(a, HttpMethod.POST, QB, body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject().getString("bookingId");
  }

  /**
   * Verifies that after the key is rotated (new key first, old key kept) old bookings read and
   * their events carry their token, and that after the old key is dropped an old booking still
   * reads (200, not 500) and deletes, while its event is not delivered.
   */
  @Test
  void testRotatedCredentialKeyKeepsOldBookingsReadable() throws Exception {
    Vertx vertx = Vertx.vertx();
    TestSink sink = new TestSink(vertx).start().await();
    String oldKey = newKey();
    String newKey = newKey();
    try {
      Adapter first = start("QOSB_NOTIFY_CREDENTIAL_KEY", oldKey);
      String rotated;
      String orphaned;
      try {
        rotated = create(first, sink, "/rotated", "+34600000001", 3);
        orphaned = create(first, sink, "/orphaned", "+34600000002", 4);
        eventually(Duration.ofSeconds(10), () -> sink.at("/rotated").size() == 1 && sink.at("/orphaned").size() == 1);
      } finally {
        first.close();
      }

      Adapter both = start("QOSB_NOTIFY_CREDENTIAL_KEYS", "[\"" + newKey + "\",\"" + oldKey + "\"]");
      try {
        assertThat(call(both, HttpMethod.GET, QB + "/" + rotated, null).statusCode()).isEqualTo(200);
        assertThat(call(both, HttpMethod.DELETE, QB + "/" + rotated, null).statusCode()).isEqualTo(204);
        eventually(Duration.ofSeconds(10), () -> sink.at("/rotated").size() == 2);
        NotifyFixture.assertBearer(sink.at("/rotated").get(1), "tok/rotated");
      } finally {
        both.close();
      }

      Adapter onlyNew = start("QOSB_NOTIFY_CREDENTIAL_KEYS", "[\"" + newKey + "\"]");
      try {
        HttpResponse<Buffer> read = call(onlyNew, HttpMethod.GET, QB + "/" + orphaned, null);
        assertThat(read.statusCode()).as(read.bodyAsString()).isEqualTo(200);
        assertThat(read.bodyAsJsonObject().getString("bookingStatus")).isEqualTo("SCHEDULED");
        assertThat(call(onlyNew, HttpMethod.DELETE, QB + "/" + orphaned, null).statusCode()).isEqualTo(204);
        create(onlyNew, sink, "/fresh", "+34600000002", 5);
        eventually(Duration.ofSeconds(10), () -> sink.at("/fresh").size() == 1);
        NotifyFixture.quietFor(vertx, Duration.ofMillis(500)).await();
        assertThat(sink.at("/orphaned")).hasSize(1);
      } finally {
        onlyNew.close();
      }
    } finally {
      sink.close().await();
      vertx.close().await();
    }
  }
}
