package io.qosb.api.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.ArrayList;
import java.util.List;

/** Reads a JWKS file (RSA, EC and oct keys) into a {@link JWTAuth} provider. */
public final class JwksLoader {

  private JwksLoader() {
  }

  /**
   * @param vertx Vert.x, whose file system resolves the path (file system first, then class path)
   * @param path the JWKS file
   * @param jwtOptions checks applied to every token (issuer, audience, leeway)
   * @return the provider, or a failure naming the file when it cannot be read or holds no usable key
   */
  public static Future<JWTAuth> load(Vertx vertx, String path, JWTOptions jwtOptions) {
    return vertx.fileSystem().readFile(path)
        .recover(e -> Future.failedFuture(new IllegalArgumentException("auth.jwks: cannot read '" + path + "'")))
        .map(buf -> {
          List<JsonObject> keys = keys(buf.toJsonObject(), path);
          JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(jwtOptions);
          keys.forEach(options::addJwk);
          return JWTAuth.create(vertx, options);
        });
  }

  /**
   * @return the keys of the set, each with an {@code alg} (inferred from kty/crv when the file omits it)
   */
  static List<JsonObject> keys(JsonObject jwks, String path) {
    JsonArray array = jwks.getJsonArray("keys");
    if (array == null || array.isEmpty()) {
      throw new IllegalArgumentException("auth.jwks: '" + path + "' holds no \"keys\"");
    }
    List<JsonObject> keys = new ArrayList<>();
    for (Object o : array) {
      JsonObject key = ((JsonObject) o).copy();
      if (!key.containsKey("alg")) {
        key.put("alg", defaultAlg(key));
      }
      if ("none".equalsIgnoreCase(key.getString("alg"))) {
        throw new IllegalArgumentException("auth.jwks: '" + path + "' holds a key with alg none");
      }
      keys.add(key);
    }
    return keys;
  }

  private static String defaultAlg(JsonObject key) {
    String kty = key.getString("kty", "");
    return switch (kty) {
      case "RSA" -> "RS256";
      case "oct" -> "HS256";
      case "EC" -> switch (key.getString("crv", "P-256")) {
        case "P-384" -> "ES384";
        case "P-521" -> "ES512";
        default -> "ES256";
      };
      default -> throw new IllegalArgumentException("auth.jwks: unsupported key type '" + kty + "'");
    };
  }
}
