package io.qosb.ops;

import io.qosb.api.auth.JwksLoader;
import io.qosb.api.auth.RemoteJwks;
import io.qosb.api.auth.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.JWTOptions;
import java.time.Clock;

/**
 * Builds the access-token verifier from {@code auth.*}: keys from a JWKS file, from a JWKS URL, or
 * from the issuer's OpenID Connect discovery document (then refreshed, see {@link RemoteJwks}).
 */
final class AuthSetup {

  private AuthSetup() {
  }

  /**
   * @return the verifier, or a failure whose one-line message names the setting when the keys cannot
   *     be loaded
   */
  static Future<TokenVerifier> verifier(Vertx vertx, AdapterConfig.Auth auth, Clock clock) {
    JWTOptions jwt = jwtOptions(auth);
    if (!auth.remote()) {
      return JwksLoader.load(vertx, auth.jwks(), jwt).map(keys -> new TokenVerifier(vertx, keys, clock))
          .recover(e -> Future.failedFuture(new ConfigException(e.getMessage())));
    }
    RemoteJwks.Options options = new RemoteJwks.Options(auth.jwks(), auth.issuer(), jwt, auth.refresh(),
        auth.minRefresh(), auth.timeout());
    return RemoteJwks.load(vertx, options)
        .map(keys -> new TokenVerifier(vertx, keys.provider(), keys::unknownKeyId, clock))
        .recover(e -> Future.failedFuture(new ConfigException(e.getMessage())));
  }

  static JWTOptions jwtOptions(AdapterConfig.Auth auth) {
    JWTOptions options = new JWTOptions().setLeeway(auth.leewaySeconds());
    if (auth.issuer() != null) {
      options.setIssuer(auth.issuer());
    }
    if (auth.audience() != null) {
      options.addAudience(auth.audience());
    }
    return options;
  }
}
