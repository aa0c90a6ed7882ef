package io.qosb.api.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.providers.OpenIDConnectAuth;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access-token keys published by an identity provider: the JWKS at a URL ({@code auth.jwks}), or at
 * the {@code jwks_uri} of the issuer's OpenID Connect discovery document ({@code auth.issuer}). Vert.x's
 * OAuth2 provider fetches the key set and refreshes it periodically (the JWKS response's
 * {@code Cache-Control: max-age}, else {@link Options#refresh}); a failed refresh keeps the keys it
 * has. A token naming a key id the set does not hold triggers one more fetch, at most once per
 * {@link Options#minRefresh}, so that a flood of made-up key ids cannot hammer the provider.
 *
 * <p>Tokens are only ever verified locally, against the keys: the provider's introspection and
 * userinfo endpoints (which discovery also finds) are never called for a token.
 */
public final class RemoteJwks {

  private static final Logger LOG = LoggerFactory.getLogger(RemoteJwks.class);
  /** The OAuth2 provider wants a client id; this adapter is a resource server and never uses it. */
  private static final String CLIENT_ID = "qos-booking-adapter";

  /**
   * @param jwksUrl the JWKS URL, or null to discover it from the issuer
   * @param issuer the issuer: expected {@code iss}, and where discovery starts when jwksUrl is null
   * @param jwt issuer, audience and leeway checked on every token
   * @param refresh how often the key set is fetched again when the provider sets no max-age
   * @param minRefresh least time between two fetches caused by unknown key ids
   * @param timeout bound of each call to the provider
   */
  public record Options(String jwksUrl, String issuer, JWTOptions jwt, Duration refresh, Duration minRefresh,
      Duration timeout) {
    public Options {
      if (jwksUrl == null && issuer == null) {
        throw new IllegalArgumentException("auth.jwks or auth.issuer must be set");
      }
      Objects.requireNonNull(jwt, "jwt");
      Objects.requireNonNull(refresh, "refresh");
      Objects.requireNonNull(minRefresh, "minRefresh");
      Objects.requireNonNull(timeout, "timeout");
    }
  }

  private final OAuth2Auth provider;
  private final Options options;
  private final LongSupplier nanoTime;
  private long lastFetch;
  private Future<Boolean> fetching;

  private RemoteJwks(OAuth2Auth provider, Options options, LongSupplier nanoTime) {
    this.provider = provider;
    this.options = options;
    this.nanoTime = nanoTime;
    this.lastFetch = nanoTime.getAsLong();
  }

  /**
   * Fetches the key set once (after discovery when only the issuer is given).
   *
   * @return the keys, or a one-line failure naming the setting when the provider cannot be reached or
   *     answers something else than a key set
   */
  public static Future<RemoteJwks> load(Vertx vertx, Options options) {
    long timeoutMs = options.timeout().toMillis();
    OAuth2Options oauth = new OAuth2Options().setClientId(CLIENT_ID)
        .setJWTOptions(withAudience(options.jwt()))
        .setHttpClientOptions(new HttpClientOptions().setConnectTimeout((int) timeoutMs)
            .setIdleTimeout((int) timeoutMs).setIdleTimeoutUnit(TimeUnit.MILLISECONDS));
    oauth.setJwkMaxAgeInSeconds(Math.max(1, options.refresh().toSeconds()));
    Future<OAuth2Auth> created;
    String setting;
    if (options.jwksUrl() != null) {
      setting = "auth.jwks";
      OAuth2Auth auth = OAuth2Auth.create(vertx, oauth.setJwkPath(options.jwksUrl()));
      created = auth.jWKSet().map(auth);
    } else {
      setting = "auth.issuer";
      String site = options.issuer().endsWith("/") ? options.issuer().substring(0, options.issuer().length() - 1)
          : options.issuer();
      created = OpenIDConnectAuth.discover(vertx, oauth.setSite(site)).map(auth -> {
        if (oauth.getJwkPath() == null) {
          throw new IllegalStateException("the discovery document names no jwks_uri");
        }
        // verify locally only: never introspect or ask userinfo per token
        oauth.setIntrospectionPath(null).setUserInfoPath(null);
        return auth;
      });
    }
    String source = options.jwksUrl() != null ? options.jwksUrl() : options.issuer();
    return created.timeout(timeoutMs * 2, TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(new IllegalArgumentException(setting + ": cannot load the access-token keys of '"
            + source + "': " + firstLine(e))))
        .map(auth -> {
          LOG.info("access-token keys loaded [jwks: {}]", oauth.getJwkPath());
          return new RemoteJwks(auth, options, System::nanoTime);
        });
  }

  private static JWTOptions withAudience(JWTOptions jwt) {
    JWTOptions copy = new JWTOptions(jwt.toJson());
    // an empty list, not null: otherwise the provider would expect its own client id in "aud"
    copy.setAudience(jwt.getAudience() == null ? new ArrayList<>() : new ArrayList<>(jwt.getAudience()));
    return copy;
  }

  /** @return verifies tokens against the keys last fetched */
  public AuthenticationProvider provider() {
    return provider;
  }

  /**
   * Called when a token names a key id the set does not hold: fetches the key set again, unless the
   * last fetch for this reason was less than {@link Options#minRefresh} ago (one fetch is shared by
   * the tokens that wait for it).
   *
   * @return true if the keys were fetched again (verify the token once more), false otherwise
   */
  public synchronized Future<Boolean> unknownKeyId() {
    if (fetching != null) {
      return fetching;
    }
    long now = nanoTime.getAsLong();
    if (now - lastFetch < options.minRefresh().toNanos()) {
      return Future.succeededFuture(false);
    }
    lastFetch = now;
    Future<Boolean> f = provider.jWKSet().timeout(options.timeout().toMillis() * 2, TimeUnit.MILLISECONDS)
        .map(true)
        .otherwise(e -> {
          LOG.warn("access-token keys not refreshed, the last ones stay in use [error: {}]", firstLine(e));
          return false;
        });
    fetching = f;
    return f.andThen(ar -> {
      synchronized (this) {
        fetching = null;
      }
    });
  }

  /**
   * @param setting the setting that holds the URL, for the message
   * @param url an identity provider URL
   * @throws IllegalArgumentException unless the URL is https, or http to a loopback address
   */
  public static void requireSecure(String setting, String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(setting + ": not a URL: '" + url + "'");
    }
    if ("https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
      return;
    }
    if ("http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && loopback(uri.getHost())) {
      return;
    }
    throw new IllegalArgumentException(setting + ": expected an https:// URL (http:// only to a loopback address), got '"
        + url + "'");
  }

  private static boolean loopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (!literal.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false;
    }
    try {
      return InetAddress.getByName(literal).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }
}
