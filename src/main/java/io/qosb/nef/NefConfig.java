package io.qosb.nef;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code nef} config section, parsed once and validated at startup.
 *
 * @param url {@code nef.url} ({@code http://127.0.0.1:9000/3gpp-as-session-with-qos/v1}): the
 *     AsSessionWithQoS API root, http or https, without trailing slash
 * @param scsAsId {@code nef.scsAsId} ({@code qos-booking-adapter}): this SCS/AS's identifier
 * @param notificationUrl {@code nef.notificationUrl}
 *     ({@code http://127.0.0.1:8080/nef-callbacks/v1/notifications}): sent as
 *     {@code notificationDestination}
 * @param mode {@code nef.mode} ({@code simulated}): in-process simulated NEF or a remote one
 * @param timeout {@code nef.timeout} ({@code PT5S}): bound of each HTTP attempt
 * @param retry {@code nef.retry.*}
 * @param oauth {@code nef.oauth.*}: client credentials towards the NEF, when tokenUrl is set
 * @param tls {@code nef.tls.*}
 * @param circuitBreaker {@code nef.circuitBreaker.*}
 * @param dialect {@code nef.dialect.*}
 */
public record NefConfig(
    URI url,
    String scsAsId,
    URI notificationUrl,
    Mode mode,
    Duration timeout,
    Retry retry,
    Optional<OAuth> oauth,
    Tls tls,
    CircuitBreaker circuitBreaker,
    NefDialect dialect) {

  public static final String DEFAULT_URL = "http://127.0.0.1:9000/3gpp-as-session-with-qos/v1";
  public static final String DEFAULT_NOTIFICATION_URL = "http://127.0.0.1:8080/nef-callbacks/v1/notifications";
  private static final Pattern SCS_AS_ID = Pattern.compile("^[A-Za-z0-9._~-]{1,64}$");

  /** {@code nef.mode}. */
  public enum Mode { SIMULATED, REMOTE }

  /**
   * @param maxAttempts {@code nef.retry.maxAttempts} (4): attempts per call including the first, 1-10
   * @param initialBackoff {@code nef.retry.initialBackoff} ({@code PT0.2S}): cap of the first
   *     jittered backoff, doubled per attempt
   * @param maxBackoff {@code nef.retry.maxBackoff} ({@code PT5S}): cap of any backoff; a
   *     Retry-After longer than this fails the call instead of waiting
   */
  public record Retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    public Retry {
      Objects.requireNonNull(initialBackoff);
      Objects.requireNonNull(maxBackoff);
    }
  }

  /**
   * @param tokenUrl {@code nef.oauth.tokenUrl}
   * @param clientId {@code nef.oauth.clientId}
   * @param clientSecret {@code nef.oauth.clientSecret}; never printed
   * @param scope {@code nef.oauth.scope} (none)
   * @param clientAuth {@code nef.oauth.clientAuth} ({@code basic}): client_secret_basic or
   *     client_secret_post
   */
  public record OAuth(URI tokenUrl, String clientId, String clientSecret, Optional<String> scope, ClientAuth clientAuth) {
    public OAuth {
      Objects.requireNonNull(tokenUrl);
      Objects.requireNonNull(clientId);
      Objects.requireNonNull(clientSecret);
      Objects.requireNonNull(scope);
      Objects.requireNonNull(clientAuth);
    }

    @Override
    public String toString() {
      return "OAuth[tokenUrl=" + tokenUrl + ", clientId=" + clientId + ", clientAuth=" + clientAuth + "]";
    }
  }

  /** How the client authenticates at the token endpoint (RFC 6749 2.3.1). */
  public enum ClientAuth { BASIC, POST }

  /**
   * @param trustAll {@code nef.tls.trustAll} (false): accept any server certificate; tests only
   * @param trustStorePath {@code nef.tls.trustStore.path} (none): trust store file
   * @param trustStorePassword {@code nef.tls.trustStore.password} (none); never printed
   * @param trustStoreType {@code nef.tls.trustStore.type} ({@code pkcs12}): pkcs12, jks or pem
   */
  public record Tls(boolean trustAll, Optional<String> trustStorePath, Optional<String> trustStorePassword, TrustStoreType trustStoreType) {
    public Tls {
      Objects.requireNonNull(trustStorePath);
      Objects.requireNonNull(trustStorePassword);
      Objects.requireNonNull(trustStoreType);
    }

    @Override
    public String toString() {
      return "Tls[trustAll=" + trustAll + ", trustStorePath=" + trustStorePath + ", trustStoreType=" + trustStoreType + "]";
    }
  }

  /** {@code nef.tls.trustStore.type}. */
  public enum TrustStoreType { PKCS12, JKS, PEM }

  /**
   * @param failureThreshold {@code nef.circuitBreaker.failureThreshold} (5): consecutive failed
   *     attempts (5xx, 429, timeout, connection error) that open the circuit
   * @param resetTimeout {@code nef.circuitBreaker.resetTimeout} ({@code PT30S}): open time before
   *     one half-open probe is let through
   */
  public record CircuitBreaker(int failureThreshold, Duration resetTimeout) {
    public CircuitBreaker {
      Objects.requireNonNull(resetTimeout);
    }
  }

  public NefConfig {
    Objects.requireNonNull(url);
    Objects.requireNonNull(scsAsId);
    Objects.requireNonNull(notificationUrl);
    Objects.requireNonNull(mode);
    Objects.requireNonNull(timeout);
    Objects.requireNonNull(retry);
    Objects.requireNonNull(oauth);
    Objects.requireNonNull(tls);
    Objects.requireNonNull(circuitBreaker);
    Objects.requireNonNull(dialect);
  }

  /** The subscriptions collection of this SCS/AS: {@code {url}/{scsAsId}/subscriptions}. */
  public String subscriptionsUrl() {
    return url + "/" + scsAsId + "/subscriptions";
  }

  /**
   * Parses the {@code nef} section; absent keys take their defaults.
   *
   * @param nef the section, may be null
   * @throws IllegalArgumentException with one line naming the first invalid key
   */
  public static NefConfig fromJson(JsonObject nef) {
    ConfigValues values = new ConfigValues(nef, "nef");
    URI url = trimSlash(values.httpUrl("url", DEFAULT_URL));
    String scsAsId = values.string("scsAsId", "qos-booking-adapter");
    if (!SCS_AS_ID.matcher(scsAsId).matches()) {
      throw values.invalid("scsAsId", "must be 1-64 URL-safe characters [A-Za-z0-9._~-]", scsAsId);
    }
    return new NefConfig(
        url,
        scsAsId,
        values.httpUrl("notificationUrl", DEFAULT_NOTIFICATION_URL),
        values.enumValue("mode", Mode.class, Mode.SIMULATED),
        values.duration("timeout", Duration.ofSeconds(5), false),
        retry(values.section("retry")),
        oauth(values.section("oauth")),
        tls(values.section("tls")),
        circuitBreaker(values.section("circuitBreaker")),
        NefDialect.fromJson(values.object("dialect"), "nef.dialect"));
  }

  private static Retry retry(ConfigValues values) {
    Retry retry = new Retry(
        values.integer("maxAttempts", 4, 1, 10),
        values.duration("initialBackoff", Duration.ofMillis(200), false),
        values.duration("maxBackoff", Duration.ofSeconds(5), false));
    if (retry.initialBackoff().compareTo(retry.maxBackoff()) > 0) {
      throw values.invalid("initialBackoff", "must not exceed " + values.name("maxBackoff"), retry.initialBackoff());
    }
    return retry;
  }

  private static Optional<OAuth> oauth(ConfigValues values) {
    URI tokenUrl = values.httpUrl("tokenUrl", null);
    if (tokenUrl == null) {
      return Optional.empty();
    }
    String clientId = values.string("clientId", null);
    if (clientId == null) {
      throw values.invalid("clientId", "is required when " + values.name("tokenUrl") + " is set", "null");
    }
    if (!values.has("clientSecret")) {
      throw new IllegalArgumentException(values.name("clientSecret") + ": is required when " + values.name("tokenUrl") + " is set");
    }
    return Optional.of(new OAuth(tokenUrl, clientId, secret(values, "clientSecret"),
        Optional.ofNullable(values.string("scope", null)),
        values.enumValue("clientAuth", ClientAuth.class, ClientAuth.BASIC)));
  }

  private static Tls tls(ConfigValues values) {
    ConfigValues store = values.section("trustStore");
    Optional<String> path = Optional.ofNullable(store.string("path", null));
    return new Tls(
        values.bool("trustAll", false),
        path,
        store.has("password") ? Optional.of(secret(store, "password")) : Optional.empty(),
        store.enumValue("type", TrustStoreType.class, TrustStoreType.PKCS12));
  }

  private static CircuitBreaker circuitBreaker(ConfigValues values) {
    return new CircuitBreaker(
        values.integer("failureThreshold", 5, 1, 1000),
        values.duration("resetTimeout", Duration.ofSeconds(30), false));
  }

  /** Reads a secret without ever echoing its value in a message. */
  private static String secret(ConfigValues values, String key) {
    try {
      return values.string(key, null);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(values.name(key) + ": must be a non-empty string");
    }
  }

  private static URI trimSlash(URI uri) {
    String text = uri.toString();
    return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
  }
}
