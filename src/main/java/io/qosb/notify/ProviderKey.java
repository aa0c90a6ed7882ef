package io.qosb.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.Objects;
import java.util.Set;

/**
 * The adapter's own signing key ({@code notify.signingKey}, an RSA or EC private JWK) for the client
 * assertions of PRIVATE_KEY_JWT (RFC 7523), and its public half published as a JWKS.
 */
final class ProviderKey {

  private static final Set<String> PRIVATE_FIELDS = Set.of("d", "p", "q", "dp", "dq", "qi", "k", "oth");

  private final Vertx vertx;
  private final JsonObject privateJwk;
  private final JWTAuth signer;

  private ProviderKey(Vertx vertx, JsonObject privateJwk) {
    this.vertx = vertx;
    this.privateJwk = privateJwk;
    this.signer = JWTAuth.create(vertx, new JWTAuthOptions().addJwk(privateJwk));
  }

  /**
   * Reads the key file: a JWK or a JWKS whose first key with a private part is used.
   *
   * @return the key; failed with an {@link IllegalArgumentException} naming the setting if unusable
   */
  static Future<ProviderKey> load(Vertx vertx, String path) {
    Objects.requireNonNull(path, "path");
    return vertx.fileSystem().readFile(path)
        .recover(e -> Future.failedFuture(new IllegalArgumentException("notify.signingKey: cannot read '" + path + "'")))
        .map(buffer -> {
          JsonObject json;
          try {
            json = buffer.toJsonObject();
          } catch (RuntimeException e) {
            throw new IllegalArgumentException("notify.signingKey: '" + path + "' is not JSON");
          }
          JsonArray keys = json.getJsonArray("keys", new JsonArray().add(json));
          for (int i = 0; i < keys.size(); i++) {
            JsonObject k = keys.getJsonObject(i);
            if (k.containsKey("d") && ("RSA".equals(k.getString("kty")) || "EC".equals(k.getString("kty")))
                && k.getString("alg") != null) {
              return new ProviderKey(vertx, k);
            }
          }
          throw new IllegalArgumentException("notify.signingKey: '" + path
              + "' holds no RSA or EC private JWK with an alg");
        });
  }

  /** Signs the claims as a JWT (on a worker thread: RSA signing is CPU-heavy). */
  Future<String> sign(JsonObject claims) {
    JWTOptions options = new JWTOptions().setAlgorithm(privateJwk.getString("alg"));
    if (privateJwk.getString("kid") != null) {
      options.setHeader(new JsonObject().put("kid", privateJwk.getString("kid")));
    }
    return vertx.executeBlocking(() -> signer.generateToken(claims, options), false);
  }

  /** The public JWKS: the key without its private fields. */
  JsonObject publicJwks() {
    JsonObject pub = privateJwk.copy();
    PRIVATE_FIELDS.forEach(pub::remove);
    return new JsonObject().put("keys", new JsonArray().add(pub));
  }
}
