package io.qosb.nef;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth2 client-credentials access tokens towards the NEF (RFC 6749 4.4). A token is cached until
 * shortly before its {@code expires_in} (10% of its lifetime, at most 30 s, earlier); concurrent
 * callers share one in-flight token request. Tokens are never logged.
 */
final class OAuthTokens {

  private static final Logger LOG = LoggerFactory.getLogger(OAuthTokens.class);
  private static final long DEFAULT_LIFETIME_SECONDS = 60;
  private static final long MAX_MARGIN_NANOS = Duration.ofSeconds(30).toNanos();

  private final WebClient client;
  private final NefConfig.OAuth oauth;
  private final long timeoutMillis;
  private final LongSupplier nanoClock;
  private String token;
  private long refreshAt;
  private Future<String> inFlight;

  OAuthTokens(WebClient client, NefConfig.OAuth oauth, Duration timeout, LongSupplier nanoClock) {
    this.client = Objects.requireNonNull(client);
    this.oauth = Objects.requireNonNull(oauth);
    this.timeoutMillis = timeout.toMillis();
    this.nanoClock = Objects.requireNonNull(nanoClock);
  }

  /** A valid access token, from the cache or freshly requested. */
  synchronized Future<String> token() {
    if (token != null && nanoClock.getAsLong() < refreshAt) {
      return Future.succeededFuture(token);
    }
    if (inFlight == null) {
      inFlight = fetch().andThen(ar -> clearInFlight());
    }
    return inFlight;
  }

  /** Forgets the cached token, e.g. after the NEF answered 401. */
  synchronized void invalidate() {
    token = null;
  }

  private synchronized void clearInFlight() {
    inFlight = null;
  }

  private Future<String> fetch() {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("grant_type", "client_credentials");
    oauth.scope().ifPresent(scope -> form.add("scope", scope));
    var request = client.postAbs(oauth.tokenUrl().toString()).timeout(timeoutMillis).putHeader("Accept", "application/json");
    if (oauth.clientAuth() == NefConfig.ClientAuth.BASIC) {
      request.basicAuthentication(oauth.clientId(), oauth.clientSecret());
    } else {
      form.add("client_id", oauth.clientId()).add("client_secret", oauth.clientSecret());
    }
    return request.sendForm(form)
        .compose(this::accept)
        .onFailure(e -> LOG.warn("nef oauth token request failed [tokenUrl: {}]: {}", oauth.tokenUrl(), e.getMessage()));
  }

  private Future<String> accept(HttpResponse<Buffer> response) {
    if (response.statusCode() != 200) {
      return Future.failedFuture(new TokenFailure(response.statusCode(), "token endpoint answered " + response.statusCode()));
    }
    JsonObject body;
    try {
      body = response.bodyAsJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    if (body == null || !(body.getValue("access_token") instanceof String)) {
      return Future.failedFuture(new TokenFailure(200, "token response without access_token"));
    }
    long lifetime = body.getValue("expires_in") instanceof Number ? body.getLong("expires_in") : DEFAULT_LIFETIME_SECONDS;
    long lifetimeNanos = Duration.ofSeconds(Math.max(1, lifetime)).toNanos();
    long margin = Math.min(MAX_MARGIN_NANOS, lifetimeNanos / 10);
    String accessToken = body.getString("access_token");
    synchronized (this) {
      token = accessToken;
      refreshAt = nanoClock.getAsLong() + lifetimeNanos - margin;
    }
    LOG.debug("nef oauth token obtained [expiresIn: {} s]", lifetime);
    return Future.succeededFuture(accessToken);
  }

  /** The token endpoint answered but gave no token; {@code status} is its HTTP status. */
  static final class TokenFailure extends RuntimeException {
    final int status;

    TokenFailure(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    /** As a NEF failure of the call that needed the token: retried only if the endpoint had a 5xx. */
    NefException toNefException(NefOperation operation) {
      if (status >= 500) {
        return NefException.fromStatus(operation, status, null, null);
      }
      if (status >= 400) {
        JsonObject problem = new JsonObject().put("cause", "OAUTH_TOKEN_REJECTED").put("detail", "oauth " + getMessage());
        return NefException.fromStatus(operation, status, problem, null);
      }
      return NefException.protocolViolation(operation, 0, "oauth " + getMessage());
    }
  }
}
