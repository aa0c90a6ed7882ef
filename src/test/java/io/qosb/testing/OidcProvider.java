package io.qosb.testing;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.net.InetAddress;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

/**
 * A real OpenID Connect provider on loopback for tests (mock-oauth2-server): discovery document,
 * JWKS and token issuing, signing with an RSA key of a given key id; {@link #rotate} replaces that
 * key, in the tokens and in the JWKS, while the provider runs.
 */
public final class OidcProvider implements AutoCloseable {

  /** The issuer id: the issuer URL is {@code http://localhost:PORT/default}. */
  public static final String ISSUER_ID = "default";

  private final MockOAuth2Server server;
  private final RotatingKeys keys;
  public final int port;

  private OidcProvider(MockOAuth2Server server, RotatingKeys keys, int port) {
    this.server = server;
    this.keys = keys;
    this.port = port;
  }

  /**
   * @param port the port, 0 for any free one
   * @param kid the key id of the signing key, generated now
   */
  public static OidcProvider start(int port, String kid) throws Exception {
    RotatingKeys keys = new RotatingKeys(newKey(kid));
    MockOAuth2Server server = new MockOAuth2Server(new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(keys)));
    server.start(InetAddress.getLoopbackAddress(), port);
    return new OidcProvider(server, keys, server.baseUrl().port());
  }

  /** Rotates the signing key: from now on tokens are signed with a new key, the only one in the JWKS. */
  public void rotate(String kid) throws Exception {
    keys.current = newKey(kid);
  }

  private static RSAKey newKey(String kid) throws Exception {
    return new RSAKeyGenerator(2048).keyID(kid).generate();
  }

  /** The provider's key store, reduced to one current key for every issuer id. */
  private static final class RotatingKeys extends KeyProvider {
    volatile JWK current;

    RotatingKeys(JWK first) {
      this.current = first;
    }

    @Override
    public JWK signingKey(String issuerId) {
      return current;
    }
  }

  /** @return the issuer, as in the discovery document and the tokens' {@code iss} */
  public String issuer() {
    return server.issuerUrl(ISSUER_ID).toString();
  }

  /** @return the provider's JWKS URL ({@code jwks_uri}) */
  public String jwksUrl() {
    return server.jwksUrl(ISSUER_ID).toString();
  }

  /** @return an access token for the client with these scopes, valid for an hour */
  public String token(String client, String scopes) {
    return server.issueToken(ISSUER_ID, client, "qos-booking-adapter", Map.of("client_id", client, "scope", scopes))
        .serialize();
  }

  /** @return how many requests the provider has answered so far, then forgets them */
  public int drainRequests() {
    int n = 0;
    while (true) {
      try {
        if (server.takeRequest(50, java.util.concurrent.TimeUnit.MILLISECONDS) == null) {
          return n;
        }
        n++;
      } catch (RuntimeException e) {
        // "no request found in queue within timeout"
        return n;
      }
    }
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
