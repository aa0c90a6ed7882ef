package io.qosb.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qosb.ops.Main;
import io.qosb.testing.Adapter;
import io.qosb.testing.OidcProvider;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 2: access tokens checked against the keys of a real OpenID Connect provider started in
 * the test (mock-oauth2-server): found by discovery from {@code auth.issuer} alone or at a JWKS URL,
 * rotated without a restart, kept while the provider is down, and fetched again for unknown key ids at
 * most once per {@code auth.jwksMinRefresh}.
 */
@Timeout(60)
class IdentityProviderTest {

  static final String PROFILE = "/qos-profiles/v1/qos-profiles/QOS_L";

  /** Verifies that auth.issuer alone finds the keys by discovery, and that the issuer is checked. */
  @Test
  void testTokenOfTheIssuerSucceedsWithDiscoveryFromIssuerAlone(@TempDir Path dir) throws Exception {
    try (OidcProvider idp = OidcProvider.start(0, "k1");
        Adapter adapter = Adapter.start(dir, Map.of("QOSB_AUTH_JWKS", "", "QOSB_AUTH_ISSUER", idp.issuer()))) {
      assertThat(get(adapter, idp.token("app-1", "qos-profiles:read")).statusCode()).isEqualTo(200);
      // a token signed by the same keys but naming another issuer is refused
      assertThat(get(adapter, adapter.keys.token(adapter.vertx, "app-1", "qos-profiles:read")).statusCode())
          .isEqualTo(401);
      HttpResponse<Buffer> noScope = get(adapter, idp.token("app-1", "openid"));
      assertThat(noScope.statusCode()).isEqualTo(403);
    }
  }

  /**
   * Verifies a key rotation without restart: the provider replaces its key; the first token signed with
   * the new one succeeds (its unknown kid fetches the keys again). Then, with the provider down, a token
   * not seen before but signed with the known key succeeds, one with an unknown kid gets 401, and the
   * rotated-out key no longer verifies.
   */
  @Test
  void testRotatedKeySucceedsWithoutRestartAndKnownKeyServesWhileProviderIsDown(@TempDir Path dir) throws Exception {
    OidcProvider idp = OidcProvider.start(0, "k1");
    try (Adapter adapter = Adapter.start(dir, Map.of("QOSB_AUTH_JWKS", idp.jwksUrl(), "QOSB_AUTH_JWKS_MIN_REFRESH", "PT0S"))) {
      assertThat(get(adapter, idp.token("app-1", "qos-profiles:read")).statusCode()).isEqualTo(200);
      String unseenOld = idp.token("app-3", "qos-profiles:read");
      idp.rotate("k2");
      String rotated = idp.token("app-2", "qos-profiles:read");
      assertThat(header(rotated).getString("kid")).isEqualTo("k2");
      assertThat(get(adapter, rotated).statusCode()).isEqualTo(200);
      String unseenNew = idp.token("app-4", "qos-profiles:read");
      idp.close();
      assertThat(get(adapter, withKid(unseenOld, "k3")).statusCode()).isEqualTo(401);
      assertThat(get(adapter, unseenNew).statusCode()).isEqualTo(200);
      // the rotated-out key is gone from the provider's JWKS, so from the keys in use
      assertThat(get(adapter, unseenOld).statusCode()).isEqualTo(401);
    } finally {
      idp.close();
    }
  }

  /**
   * Verifies the periodic refresh: with unknown-kid fetches ruled out (auth.jwksMinRefresh PT1H), a key
   * the provider rotated in is in use after auth.jwksRefresh.
   */
  @Test
  void testRotatedKeySucceedsAfterPeriodicRefresh(@TempDir Path dir) throws Exception {
    try (OidcProvider idp = OidcProvider.start(0, "k1");
        Adapter adapter = Adapter.start(dir, Map.of("QOSB_AUTH_JWKS", idp.jwksUrl(), "QOSB_AUTH_JWKS_REFRESH", "PT1S",
            "QOSB_AUTH_JWKS_MIN_REFRESH", "PT1H"))) {
      idp.rotate("k2");
      String rotated = idp.token("app-1", "qos-profiles:read");
      assertThat(get(adapter, rotated).statusCode()).as("before the refresh").isEqualTo(401);
      Thread.sleep(2500);
      assertThat(get(adapter, rotated).statusCode()).as("after the refresh").isEqualTo(200);
    }
  }

  /**
   * Verifies that a flood of tokens with made-up key ids costs the provider one JWKS fetch per
   * auth.jwksMinRefresh, and each gets 401.
   */
  @Test
  void testUnknownKidFloodFailsWithAtMostOneFetch(@TempDir Path dir) throws Exception {
    try (OidcProvider idp = OidcProvider.start(0, "k1");
        Adapter adapter = Adapter.start(dir, Map.of("QOSB_AUTH_JWKS", idp.jwksUrl(), "QOSB_AUTH_JWKS_MIN_REFRESH", "PT2S"))) {
      String valid = idp.token("app-1", "qos-profiles:read");
      Thread.sleep(2100);
      idp.drainRequests();
      for (int i = 0; i < 20; i++) {
        assertThat(get(adapter, withKid(valid, "forged-" + i)).statusCode()).isEqualTo(401);
      }
      assertThat(idp.drainRequests()).as("JWKS fetches").isEqualTo(1);
      assertThat(get(adapter, valid).statusCode()).isEqualTo(200);
    }
  }

  /** Verifies that an unreachable provider at startup fails the start with one line naming the setting. */
  @Test
  void testStartFailsWithOneLineWhenProviderIsUnreachable() throws Exception {
    int port;
    try (OidcProvider idp = OidcProvider.start(0, "k1")) {
      port = idp.port;
    }
    Vertx vertx = Vertx.vertx();
    try {
      Map<String, String> env = Map.of("QOSB_HTTP_PORT", "0", "QOSB_STORE_URL", "h2:mem:idp" + port,
          "QOSB_AUTH_ISSUER", "http://127.0.0.1:" + port + "/default", "QOSB_AUTH_JWKS_TIMEOUT", "PT1S");
      assertThatThrownBy(() -> Main.start(vertx, null, env, Main.newRegistry(), Clock.systemUTC()).await())
          .hasMessageStartingWith("auth.issuer: cannot load the access-token keys of 'http://127.0.0.1:" + port + "/default'")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    } finally {
      vertx.close().await();
    }
  }

  /** Verifies that a plain-http identity provider off loopback is refused at startup. */
  @Test
  void testStartFailsForPlainHttpProviderOffLoopback() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Map<String, String> env = Map.of("QOSB_HTTP_PORT", "0", "QOSB_AUTH_JWKS", "http://idp.example.com/jwks");
      assertThatThrownBy(() -> Main.start(vertx, null, env, Main.newRegistry(), Clock.systemUTC()).await())
          .hasMessage("auth.jwks: expected an https:// URL (http:// only to a loopback address), got "
              + "'http://idp.example.com/jwks'");
    } finally {
      vertx.close().await();
    }
  }

  private static HttpResponse<Buffer> get(Adapter adapter, String token) {
    return adapter.client.get(PROFILE).putHeader("Authorization", "Bearer " + token).send().await();
  }

  private static JsonObject header(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
        StandardCharsets.UTF_8));
  }

  /** The same token with another kid in its header (the signature no longer matters: the kid is unknown). */
  private static String withKid(String token, String kid) {
    String header = Base64.getUrlEncoder().withoutPadding().encodeToString(header(token).put("kid", kid).encode()
        .getBytes(StandardCharsets.UTF_8));
    return header + token.substring(token.indexOf('.'));
  }
}
