package io.qosb.api;

import static io.qosb.api.ApiFoundationTest.assertError;

import io.qosb.testing.Adapter;
import io.vertx.core.buffer.Buffer;
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
 * Verifies the error code of a sinkCredential whose type is supported but whose content is not
 * valid (CAMARA QoS Booking createBooking 400.8: INVALID_TOKEN, not INVALID_CREDENTIAL), on both
 * booking APIs, and that unsupported types still get INVALID_CREDENTIAL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SinkCredentialErrorsTest {

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

  private static JsonObject credential(String type, String tokenType) {
    return new JsonObject().put("credentialType", type).put("accessToken", "t0k3n")
        .put("accessTokenExpiresUtc", Instant.now().plusSeconds(86400 * 3).toString()).put("accessTokenType", tokenType);
  }

  private HttpResponse<Buffer> qb(JsonObject credential) {
    JsonObject body = new JsonObject().put("device", new JsonObject().put("phoneNumber", "+34600000001"))
        .put("qosProfile", "QOS_L").put("startTime", Instant.now().plusSeconds(7200).toString()).put("duration", 600)
        .put("serviceArea", ApiFoundationTest.booking().getJsonObject("serviceArea"))
        .put("sink", "https://sink.example.com/events").put("sinkCredential", credential);
    return adapter.client.post("/qos-booking/v0.2/device-qos-bookings")
        .putHeader("Authorization", adapter.bearer("app-1", "qos-booking:device-qos-bookings:create")).sendJson(body).await();
  }

  private HttpResponse<Buffer> qba(JsonObject credential) {
    JsonObject body = ApiFoundationTest.booking().put("sink", "https://sink.example.com/events").put("sinkCredential", credential);
    return adapter.client.post(ApiFoundationTest.BOOKINGS)
        .putHeader("Authorization", adapter.bearer("app-1", ApiFoundationTest.CREATE_SCOPE)).sendJson(body).await();
  }

  /** Verifies that an ACCESSTOKEN credential with a token type other than bearer gets INVALID_TOKEN. */
  @Test
  void testAccessTokenOfOtherTypeIsInvalidToken() {
    assertError(qb(credential("ACCESSTOKEN", "mac")), 400, "INVALID_TOKEN");
    assertError(qba(credential("ACCESSTOKEN", "mac")), 400, "INVALID_TOKEN");
  }

  /** Verifies that unsupported credential types still get INVALID_CREDENTIAL. */
  @Test
  void testUnsupportedTypesAreInvalidCredential() {
    for (String type : new String[] {"PLAIN", "REFRESHTOKEN"}) {
      assertError(qb(credential(type, "bearer")), 400, "INVALID_CREDENTIAL");
      assertError(qba(credential(type, "bearer")), 400, "INVALID_CREDENTIAL");
    }
  }
}
