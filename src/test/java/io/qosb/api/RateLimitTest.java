package io.qosb.api;

import static io.qosb.api.ApiFoundationTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.testing.Adapter;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifies the per-consumer token bucket: 429 TOO_MANY_REQUESTS with Retry-After, per consumer. */
class RateLimitTest {

  /** Verifies that a consumer over its burst gets 429 while another consumer is unaffected. */
  @Test
  void testRequestsOverBurstFailWith429(@TempDir Path dir) throws Exception {
    try (Adapter adapter = Adapter.start(dir, Map.of("QOSB_RATE_LIMIT_RATE_PER_SECOND", "0.01",
        "QOSB_RATE_LIMIT_BURST", "3"))) {
      String a = adapter.bearer("app-a", ApiFoundationTest.CREATE_SCOPE);
      String b = adapter.bearer("app-b", ApiFoundationTest.CREATE_SCOPE);
      for (int i = 0; i < 3; i++) {
        assertThat(send(adapter, a).statusCode()).isNotEqualTo(429);
      }
      HttpResponse<Buffer> limited = send(adapter, a);
      assertError(limited, 429, "TOO_MANY_REQUESTS");
      assertThat(Long.parseLong(limited.getHeader("Retry-After"))).isGreaterThanOrEqualTo(1);
      assertThat(send(adapter, b).statusCode()).isNotEqualTo(429);
    }
  }

  private static HttpResponse<Buffer> send(Adapter adapter, String bearer) {
    return adapter.client.post(ApiFoundationTest.BOOKINGS).putHeader("Authorization", bearer)
        .sendJson(ApiFoundationTest.booking()).await();
  }

}
