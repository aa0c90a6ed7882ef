package io.qosb.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verifies the dev token command: its tokens are accepted by the embedded default, refused elsewhere. */
class TokenCommandTest {

  /** Verifies that a minted token passes authentication and carries the requested scopes. */
  @Test
  void testMintedTokenIsAccepted() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc = TokenCommand.run(new String[] {"--client", "app-1", "--scope", "all", "--phone", "+34600000001"},
        Map.of(), new PrintStream(out), System.err);
    assertThat(rc).isZero();
    String token = out.toString().trim();
    PrometheusMeterRegistry registry = Main.newRegistry();
    Vertx vertx = Main.newVertx(registry);
    try {
      AdapterVerticle v = Main.start(vertx, null, Map.of("QOSB_HTTP_PORT", "0", "QOSB_HTTP_HOST", "127.0.0.1",
          "QOSB_STORE_URL", "h2:mem:tokencmd"), registry, Clock.systemUTC()).await();
      WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultPort(v.actualPort()));
      HttpResponse<Buffer> r = client.post("/qos-booking-and-assignment/v0.2/qos-bookings").putHeader("Authorization", "Bearer " + token)
          .sendJson(new io.vertx.core.json.JsonObject()).await();
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
    } finally {
      vertx.close().await();
    }
    assertThat(TokenCommand.scopes("all")).contains("qos-booking-and-assignment:qos-bookings:create")
        .contains("qos-booking:device-qos-bookings:create").contains("qos-profiles:read");
    assertThat(TokenCommand.scopes("a,b")).isEqualTo("a b");
  }

  /** Verifies that the command refuses to mint when auth.jwks does not trust the dev key. */
  @Test
  void testRefusedWhenJwksIsNotTheDevKey(@TempDir Path dir) throws Exception {
    Path jwks = new io.qosb.testing.TestKeys().writeJwks(dir);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = TokenCommand.run(new String[] {"--client", "app-1", "--scope", "all"},
        Map.of("QOSB_AUTH_JWKS", jwks.toString()), System.out, new PrintStream(err));
    assertThat(rc).isEqualTo(1);
    assertThat(err.toString()).startsWith("refused: auth.jwks");
  }
}
