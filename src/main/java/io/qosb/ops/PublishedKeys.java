package io.qosb.ops;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys published in this repository ({@code config/dev/}, and the dev default of
 * {@code notify.credentialKey} in {@code config/application.yaml}), recognised by content: a copy
 * under another name is the same published key. With {@code nef.mode=remote} startup refuses them,
 * with one line naming the setting, unless {@code dev.allowPublishedKeys=true} (then an ERROR line at
 * every start). The key settings checked are listed in {@link #check}; a setting that is absent is
 * skipped, so the check applies to whichever key settings exist.
 */
final class PublishedKeys {

  private static final Logger LOG = LoggerFactory.getLogger(PublishedKeys.class);

  /** SHA-256 of the published public key material ({@link #thumbprint}) -> what the key is. */
  static final Map<String, String> PUBLISHED_JWKS = Map.of(
      "1e0ff753df24be65504d534076fbd7faaadd1b7f70ba6bd163f23d3bd7e40848", "the development key 'dev-1' of config/dev/");
  /** SHA-256 of published secret keys (raw bytes) -> what the key is. */
  static final Map<String, String> PUBLISHED_SECRETS = Map.of(
      "40085f91bc06ce6c7162618f93e2c039fc55ac766f3af3dd2ef1010793298b79",
      "the development default of config/application.yaml");

  private PublishedKeys() {
  }

  /** A key setting whose value is a published key. */
  record Finding(String setting, String what) {
    String message(String remedy) {
      return setting + ": holds " + what + ", published with the source code; refused with nef.mode=remote. " + remedy
          + " (or set dev.allowPublishedKeys=true to run with it anyway)";
    }
  }

  /**
   * Checks {@code auth.jwks} (a file), {@code notify.signingKey} (a JWK file), {@code notify.credentialKey}
   * and {@code notify.credentialKeys} (base64 secrets).
   *
   * @param auth the access-token settings ({@code auth.jwks} resolved)
   * @param remote whether {@code nef.mode=remote}
   * @return a failure with one line for the first published key in a remote deployment; succeeds otherwise
   */
  static Future<Void> check(Vertx vertx, Settings s, AdapterConfig.Auth auth, boolean remote) {
    if (!remote) {
      return Future.succeededFuture();
    }
    boolean allowed = s.bool("dev.allowPublishedKeys", false);
    Future<Optional<Finding>> jwks = auth.remote() ? Future.succeededFuture(Optional.empty())
        : jwkFile(vertx, "auth.jwks", auth.jwks());
    Future<Optional<Finding>> signing = jwkFile(vertx, "notify.signingKey", s.string("notify.signingKey", null));
    return Future.all(jwks, signing).compose(v -> {
      List<Finding> found = new ArrayList<>();
      jwks.result().ifPresent(found::add);
      signing.result().ifPresent(found::add);
      found.addAll(secrets(s));
      for (Finding f : found) {
        if (!allowed) {
          return Future.failedFuture(new ConfigException(f.message(remedy(f.setting()))));
        }
        LOG.error("running with a PUBLISHED key, anyone can forge or read what it protects [setting: {}, key: {}, "
            + "allowed by: dev.allowPublishedKeys]", f.setting(), f.what());
      }
      return Future.succeededFuture();
    });
  }

  private static String remedy(String setting) {
    return setting.equals("auth.jwks") ? "Set QOSB_AUTH_JWKS (JWKS file or URL) or QOSB_AUTH_ISSUER to your identity provider"
        : "Set QOSB_" + ConfigLoader.toSnake(setting) + " to your own key";
  }

  private static Future<Optional<Finding>> jwkFile(Vertx vertx, String setting, String path) {
    if (path == null) {
      return Future.succeededFuture(Optional.empty());
    }
    // an unreadable file is reported by the part that loads it
    return vertx.fileSystem().readFile(path).map(PublishedKeys::json).otherwise(e -> null)
        .map(json -> json == null ? Optional.<String>empty() : publishedJwk(json))
        .map(what -> what.map(w -> new Finding(setting, w + " (" + path + ")")));
  }

  private static JsonObject json(Buffer b) {
    try {
      return b.toJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * @param json a JWK or a JWKS
   * @return what the published key is, if the JSON holds one
   */
  static Optional<String> publishedJwk(JsonObject json) {
    JsonArray keys = json.getValue("keys") instanceof JsonArray a ? a : new JsonArray().add(json);
    for (Object o : keys) {
      if (o instanceof JsonObject jwk) {
        String what = PUBLISHED_JWKS.get(thumbprint(jwk));
        if (what != null) {
          return Optional.of(what);
        }
      }
    }
    return Optional.empty();
  }

  private static List<Finding> secrets(Settings s) {
    // the keys in force: notify.credentialKeys when not empty, else the one notify.credentialKey
    boolean list = s.value("notify.credentialKeys") instanceof JsonArray keys && !keys.isEmpty();
    List<String> texts = NotifySettings.credentialKeyTexts(s);
    List<Finding> found = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      String setting = list ? "notify.credentialKeys[" + i + "]" : "notify.credentialKey";
      publishedSecret(texts.get(i)).ifPresent(w -> found.add(new Finding(setting, w)));
    }
    return found;
  }

  /**
   * @param base64 a secret key as configured
   * @return what the published key is, if it is one
   */
  static Optional<String> publishedSecret(String base64) {
    try {
      return Optional.ofNullable(PUBLISHED_SECRETS.get(sha256(Base64.getDecoder().decode(base64.trim()))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * @return SHA-256 (hex) of the public material of a JWK: {@code kty|n|e} (RSA), {@code kty|crv|x|y}
   *     (EC), {@code kty|k} (oct); ids, algorithms and private parts do not count
   */
  static String thumbprint(JsonObject jwk) {
    String kty = jwk.getString("kty", "");
    String material = switch (kty) {
      case "RSA" -> kty + "|" + jwk.getString("n") + "|" + jwk.getString("e");
      case "EC" -> kty + "|" + jwk.getString("crv") + "|" + jwk.getString("x") + "|" + jwk.getString("y");
      default -> kty + "|" + jwk.getString("k");
    };
    return sha256(material.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
