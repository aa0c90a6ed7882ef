package io.qosb.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Test signing keys (RSA, EC, oct) as JWKs, a JWKS file of their public halves, and token minting. */
public final class TestKeys {

  public final JsonObject rsa;
  public final JsonObject ec;
  public final JsonObject oct;
  public final JsonObject stranger;

  public TestKeys() {
    this.rsa = rsa("rsa-1");
    this.ec = ec("ec-1");
    this.oct = new JsonObject().put("kty", "oct").put("kid", "oct-1").put("alg", "HS256").put("k", b64(random(32)));
    this.stranger = rsa("rsa-1");
  }

  /** Writes the JWKS of the trusted keys (public halves) and returns its path. */
  public Path writeJwks(Path dir) throws Exception {
    JsonArray keys = new JsonArray().add(publicHalf(rsa)).add(publicHalf(ec)).add(oct);
    Path file = dir.resolve("jwks.json");
    Files.writeString(file, new JsonObject().put("keys", keys).encodePrettily());
    return file;
  }

  /** @return a token signed with the given private JWK */
  public static String sign(Vertx vertx, JsonObject jwk, JsonObject claims, JWTOptions options) {
    JWTAuth auth = JWTAuth.create(vertx, new JWTAuthOptions().addJwk(jwk));
    return auth.generateToken(claims, options.setAlgorithm(jwk.getString("alg")));
  }

  /** @return a token for a client with the given scopes, valid for an hour, signed with the RSA key */
  public String token(Vertx vertx, String client, String scopes) {
    return sign(vertx, rsa, new JsonObject().put("client_id", client).put("sub", client).put("scope", scopes),
        new JWTOptions().setExpiresInSeconds(3600));
  }

  private static JsonObject publicHalf(JsonObject jwk) {
    JsonObject copy = jwk.copy();
    for (String f : new String[] {"d", "p", "q", "dp", "dq", "qi"}) {
      copy.remove(f);
    }
    return copy;
  }

  private static JsonObject rsa(String kid) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      RSAPrivateCrtKey k = (RSAPrivateCrtKey) g.generateKeyPair().getPrivate();
      return new JsonObject().put("kty", "RSA").put("kid", kid).put("alg", "RS256")
          .put("n", b64(k.getModulus())).put("e", b64(k.getPublicExponent())).put("d", b64(k.getPrivateExponent()))
          .put("p", b64(k.getPrimeP())).put("q", b64(k.getPrimeQ())).put("dp", b64(k.getPrimeExponentP()))
          .put("dq", b64(k.getPrimeExponentQ())).put("qi", b64(k.getCrtCoefficient()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject ec(String kid) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair kp = g.generateKeyPair();
      ECPublicKey pub = (ECPublicKey) kp.getPublic();
      ECPrivateKey priv = (ECPrivateKey) kp.getPrivate();
      return new JsonObject().put("kty", "EC").put("kid", kid).put("alg", "ES256").put("crv", "P-256")
          .put("x", b64(fixed(pub.getW().getAffineX(), 32))).put("y", b64(fixed(pub.getW().getAffineY(), 32)))
          .put("d", b64(fixed(priv.getS(), 32)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] fixed(BigInteger i, int len) {
    byte[] a = i.toByteArray();
    byte[] out = new byte[len];
    int copy = Math.min(a.length, len);
    System.arraycopy(a, a.length - copy, out, len - copy, copy);
    return out;
  }

  private static String b64(BigInteger i) {
    byte[] a = i.toByteArray();
    if (a.length > 1 && a[0] == 0) {
      byte[] t = new byte[a.length - 1];
      System.arraycopy(a, 1, t, 0, t.length);
      a = t;
    }
    return b64(a);
  }

  private static String b64(byte[] a) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(a);
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }
}
