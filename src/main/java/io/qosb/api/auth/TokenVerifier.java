package io.qosb.api.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.qosb.booking.CamaraException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.NoSuchKeyIdException;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies bearer tokens: signature against the JWKS, {@code exp}, {@code nbf}, {@code iss},
 * {@code aud}; {@code alg: none} and unknown key ids are refused (with keys from an identity
 * provider, an unknown key id first asks {@link RemoteJwks} for fresh keys, and the token is checked
 * once more if it got them). Signature checks run off the event loop; a verified token is cached until
 * it expires, so a client's next calls cost no crypto.
 */
public final class TokenVerifier {

  private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);

  private final Vertx vertx;
  private final AuthenticationProvider jwt;
  private final Supplier<Future<Boolean>> unknownKeyId;
  private final Clock clock;
  private final Cache<String, AccessToken> verified;

  /**
   * @param vertx Vert.x, for the worker pool
   * @param jwt the provider built from the JWKS
   * @param clock the clock that decides expiry of cached tokens
   * @throws NullPointerException if an argument is null
   */
  public TokenVerifier(Vertx vertx, JWTAuth jwt, Clock clock) {
    this(vertx, jwt, () -> Future.succeededFuture(false), clock);
  }

  /**
   * @param vertx Vert.x, for the worker pool
   * @param keys verifies a token's signature, {@code iss}, {@code aud}, {@code exp} and {@code nbf}
   * @param unknownKeyId asked when a token names a key id the keys do not hold; true if fresh keys
   *     were loaded
   * @param clock the clock that decides expiry of cached tokens
   * @throws NullPointerException if an argument is null
   */
  public TokenVerifier(Vertx vertx, AuthenticationProvider keys, Supplier<Future<Boolean>> unknownKeyId, Clock clock) {
    this.vertx = Objects.requireNonNull(vertx);
    this.jwt = Objects.requireNonNull(keys);
    this.unknownKeyId = Objects.requireNonNull(unknownKeyId);
    this.clock = Objects.requireNonNull(clock);
    this.verified = Caffeine.newBuilder().maximumSize(10_000)
        .expireAfter(new UntilExpiry(clock)).build();
  }

  /**
   * @param token the compact JWT from the Authorization header
   * @return the verified token, or a failed future with a 401 {@link CamaraException}
   */
  public Future<AccessToken> verify(String token) {
    AccessToken cached = verified.getIfPresent(token);
    if (cached != null && cached.expiresAt() > clock.instant().getEpochSecond()) {
      return Future.succeededFuture(cached);
    }
    if (hasAlgNone(token)) {
      return Future.failedFuture(invalid("unsigned token (alg none)"));
    }
    return vertx.executeBlocking(() -> decode(token), false)
        .recover(e -> e instanceof UnknownKeyId ? unknownKeyId.get().compose(fresh -> fresh
            ? vertx.executeBlocking(() -> decode(token), false) : Future.failedFuture(invalid(e.getMessage())))
            : Future.failedFuture(e))
        .map(AccessToken::of)
        .onSuccess(t -> verified.put(token, t))
        .recover(e -> Future.failedFuture(e instanceof CamaraException ? e : invalid(e.getMessage())));
  }

  private JsonObject decode(String token) {
    Future<User> result = jwt.authenticate(new TokenCredentials(token));
    if (!result.isComplete()) {
      throw new IllegalStateException("token verification did not complete synchronously");
    }
    if (result.failed()) {
      if (result.cause() instanceof NoSuchKeyIdException unknown) {
        throw new UnknownKeyId(unknown.getMessage());
      }
      throw invalid(result.cause().getMessage());
    }
    User user = result.result();
    JsonObject claims = user.attributes().getJsonObject("accessToken", user.principal());
    if (!claims.containsKey("exp")) {
      throw invalid("token without exp");
    }
    return claims;
  }

  private static boolean hasAlgNone(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return false;
    }
    try {
      String header = new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, dot)),
          java.nio.charset.StandardCharsets.UTF_8);
      return "none".equalsIgnoreCase(new JsonObject(header).getString("alg"));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static CamaraException invalid(String reason) {
    LOG.debug("access token refused [reason: {}]", reason);
    return CamaraException.unauthenticated("Request not authenticated due to missing, invalid, or expired credentials.");
  }

  /** A token signed with a key id the keys do not hold (yet). */
  private static final class UnknownKeyId extends RuntimeException {
    UnknownKeyId(String message) {
      super(message, null, false, false);
    }
  }

  /** Keeps a verified token in the cache until its {@code exp}. */
  private record UntilExpiry(Clock clock) implements Expiry<String, AccessToken> {

    @Override
    public long expireAfterCreate(String key, AccessToken token, long currentTime) {
      long seconds = Math.max(0, token.expiresAt() - clock.instant().getEpochSecond());
      return java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds);
    }

    @Override
    public long expireAfterUpdate(String key, AccessToken token, long currentTime, long currentDuration) {
      return currentDuration;
    }

    @Override
    public long expireAfterRead(String key, AccessToken token, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
