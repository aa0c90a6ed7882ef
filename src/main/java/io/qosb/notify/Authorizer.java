package io.qosb.notify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.qosb.booking.SinkCredential;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a sink credential into the {@code Authorization} header of a notification (SPEC-NOTES §1.4):
 * ACCESSTOKEN gives {@code Bearer <accessToken>} while {@code accessTokenExpiresUtc} is in the
 * future; PRIVATE_KEY_JWT gets an access token from the consumer's {@code tokenUri} with the
 * client credentials grant and a client assertion (RFC 7523, {@code iss = sub = clientId},
 * {@code aud = tokenUri}) signed with the provider key, cached until shortly before it expires.
 *
 * <p>Confused deputy (issue 15): the provider key is one for all consumers, so an assertion is only
 * ever made for the consumer that owns the booking: its {@code clientId} must be the booking
 * owner's API client identity (checked at request time by the API and again here, for rows written
 * before that rule), and the token cache is keyed by owner, token endpoint and client.
 */
final class Authorizer {

  /** The credential has expired: nothing may be sent with it, and nothing without it. */
  static final class ExpiredCredential extends RuntimeException {
    ExpiredCredential(String message) {
      super(message, null, false, false);
    }
  }

  /** The credential cannot be used at all (unknown type, unreadable); retrying cannot help. */
  static final class UnusableCredential extends RuntimeException {
    UnusableCredential(String message) {
      super(message, null, false, false);
    }
  }

  private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static final Duration SKEW = Duration.ofSeconds(30);
  private static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofMinutes(5);

  private record Token(String value, Instant expiresAt) {
    @Override
    public String toString() {
      return "Token[***]";
    }
  }

  private final SinkClient client;
  private final ProviderKey key;
  private final Clock clock;
  private final Cache<String, Token> tokens = Caffeine.newBuilder().maximumSize(10_000)
      .expireAfterWrite(Duration.ofHours(1)).build();
  // one token request per endpoint and client at a time, shared by the deliveries that need it
  private final Map<String, Future<Token>> inFlight = new ConcurrentHashMap<>();

  Authorizer(SinkClient client, ProviderKey key, Clock clock) {
    this.client = Objects.requireNonNull(client);
    this.key = Objects.requireNonNull(key);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * @param credential the event's credential, or null
   * @param owner the API consumer owning the booking the event is about (null if unknown)
   * @return the header value, or null for no header; failed with {@link ExpiredCredential},
   *     {@link UnusableCredential}, or another failure when a token could not be obtained (retry)
   */
  Future<String> authorization(SinkCredential credential, String owner) {
    if (credential == null) {
      return Future.succeededFuture(null);
    }
    JsonObject c;
    try {
      c = new JsonObject(credential.json());
    } catch (RuntimeException e) {
      return Future.failedFuture(new UnusableCredential("the stored sink credential is not JSON"));
    }
    return switch (String.valueOf(c.getValue("credentialType"))) {
      case "ACCESSTOKEN" -> accessToken(c);
      case "PRIVATE_KEY_JWT" -> privateKeyJwt(c, owner);
      default -> Future.failedFuture(new UnusableCredential("unsupported sink credential type"));
    };
  }

  private Future<String> accessToken(JsonObject c) {
    Instant expires;
    try {
      expires = OffsetDateTime.parse(c.getString("accessTokenExpiresUtc")).toInstant();
    } catch (RuntimeException e) {
      return Future.failedFuture(new UnusableCredential("the sink access token has no valid expiry"));
    }
    if (!expires.isAfter(clock.instant())) {
      return Future.failedFuture(new ExpiredCredential("the sink access token expired at " + expires));
    }
    return Future.succeededFuture("Bearer " + c.getString("accessToken"));
  }

  private Future<String> privateKeyJwt(JsonObject c, String owner) {
    String tokenUri = c.getString("tokenUri");
    String clientId = c.getString("clientId");
    if (tokenUri == null || clientId == null) {
      return Future.failedFuture(new UnusableCredential("PRIVATE_KEY_JWT without tokenUri and clientId"));
    }
    if (!clientId.equals(owner)) {
      return Future.failedFuture(new UnusableCredential("PRIVATE_KEY_JWT clientId is not the booking owner"));
    }
    String cacheKey = owner + ' ' + tokenUri + ' ' + clientId;
    Token cached = tokens.getIfPresent(cacheKey);
    if (cached != null && clock.instant().plus(SKEW).isBefore(cached.expiresAt())) {
      return Future.succeededFuture("Bearer " + cached.value());
    }
    Future<Token> fetching = inFlight.get(cacheKey);
    if (fetching == null) {
      Future<Token> started = fetch(tokenUri, clientId).onSuccess(t -> tokens.put(cacheKey, t));
      if (!started.isComplete()) {
        inFlight.put(cacheKey, started);
        started.onComplete(ar -> inFlight.remove(cacheKey));
      }
      fetching = started;
    }
    return fetching.map(t -> "Bearer " + t.value());
  }

  private Future<Token> fetch(String tokenUri, String clientId) {
    Instant now = clock.instant();
    JsonObject claims = new JsonObject().put("iss", clientId).put("sub", clientId).put("aud", tokenUri)
        .put("jti", UUID.randomUUID().toString()).put("iat", now.getEpochSecond())
        .put("exp", now.plusSeconds(60).getEpochSecond());
    return key.sign(claims).compose(assertion -> client.postForm(tokenUri, MultiMap.caseInsensitiveMultiMap()
            .add("grant_type", "client_credentials").add("client_id", clientId)
            .add("client_assertion_type", ASSERTION_TYPE).add("client_assertion", assertion)))
        .compose(r -> {
          if (r.statusCode() != 200) {
            return Future.failedFuture("token endpoint answered " + r.statusCode());
          }
          JsonObject body;
          try {
            body = r.bodyAsJsonObject();
          } catch (RuntimeException e) {
            return Future.failedFuture("token endpoint answered no JSON");
          }
          String token = body == null ? null : body.getString("access_token");
          String type = body == null ? null : body.getString("token_type", "bearer");
          if (token == null || !"bearer".equalsIgnoreCase(type)) {
            return Future.failedFuture("token endpoint answered no bearer access_token");
          }
          Number expiresIn = body.getNumber("expires_in");
          Duration lifetime = expiresIn == null ? DEFAULT_TOKEN_LIFETIME : Duration.ofSeconds(expiresIn.longValue());
          return Future.succeededFuture(new Token(token, clock.instant().plus(lifetime)));
        });
  }
}
