package io.qosb.ops;

import io.qosb.profiles.ProfileCatalog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The checked configuration of the adapter, one record per area. Built once at startup; an invalid
 * value fails startup with one line naming the key.
 *
 * @param http the API server
 * @param auth access token verification
 * @param rateLimit per-consumer request rate
 * @param storeUrl {@code store.url}
 * @param minLeadTime {@code booking.minLeadTime}
 * @param profiles the QoS profile catalog ({@code profiles})
 * @param settings the whole tree, for parts that parse their own section (e.g. {@code nef})
 */
public record AdapterConfig(Http http, Auth auth, RateLimit rateLimit, String storeUrl,
    Duration minLeadTime, ProfileCatalog profiles, Settings settings) {

  /**
   * @param host {@code http.host}
   * @param port {@code http.port}, 0 for a random port
   * @param maxBodySize {@code http.maxBodySize} in bytes
   * @param publicUrl {@code http.publicUrl}
   */
  public record Http(String host, int port, long maxBodySize, String publicUrl) {
  }

  /**
   * @param jwks {@code auth.jwks}: path of a JWKS file or URL of a JWKS; null when the keys are found
   *     by OpenID Connect discovery from the issuer; the dev JWKS when neither is set
   * @param issuer {@code auth.issuer}, null when not checked
   * @param audience {@code auth.audience}, null when not checked
   * @param leewaySeconds {@code auth.leewaySeconds}
   * @param refresh {@code auth.jwksRefresh}: period of fetching an identity provider's keys again
   * @param minRefresh {@code auth.jwksMinRefresh}: least time between fetches for unknown key ids
   * @param timeout {@code auth.jwksTimeout}: bound of each call to the identity provider
   */
  public record Auth(String jwks, String issuer, String audience, int leewaySeconds, Duration refresh,
      Duration minRefresh, Duration timeout) {

    /** The published development JWKS, used when neither {@code auth.jwks} nor {@code auth.issuer} is set. */
    public static final String DEV_JWKS = "config/dev/jwks.json";

    /** @return whether the keys come from an identity provider (a URL, or discovery) rather than a file */
    public boolean remote() {
      return jwks == null || jwks.startsWith("https://") || jwks.startsWith("http://");
    }
  }

  /**
   * @param ratePerSecond {@code rateLimit.ratePerSecond}
   * @param burst {@code rateLimit.burst}
   */
  public record RateLimit(double ratePerSecond, long burst) {
  }

  /**
   * @param json the merged configuration tree
   * @return the checked configuration
   * @throws ConfigException for the first invalid value
   */
  public static AdapterConfig from(JsonObject json) {
    Settings s = new Settings(json);
    Http http = new Http(s.string("http.host", "0.0.0.0"), (int) s.integer("http.port", 8080, 0, 65535),
        s.integer("http.maxBodySize", 65536, 1024, 16L * 1024 * 1024),
        s.string("http.publicUrl", "http://localhost:8080"));
    Auth auth = auth(s);
    RateLimit rate = new RateLimit(s.decimal("rateLimit.ratePerSecond", 100, 0.001, 1e9),
        s.integer("rateLimit.burst", 200, 1, Integer.MAX_VALUE));
    ApiVersions.from(s);
    String storeUrl = s.requiredString("store.url");
    if (!storeUrl.startsWith("h2:") && !storeUrl.startsWith("postgresql://")) {
      throw new ConfigException("store.url: expected h2:file:PATH, h2:mem:NAME or postgresql://..., got '"
          + storeUrl + "'");
    }
    return new AdapterConfig(http, auth, rate, storeUrl,
        s.duration("booking.minLeadTime", Duration.ZERO), profiles(json), s);
  }

  private static Auth auth(Settings s) {
    String issuer = s.string("auth.issuer", null);
    String jwks = s.string("auth.jwks", issuer == null ? Auth.DEV_JWKS : null);
    Auth auth = new Auth(jwks, issuer, s.string("auth.audience", null), (int) s.integer("auth.leewaySeconds", 5, 0, 600),
        positive(s, "auth.jwksRefresh", Duration.ofMinutes(15)), s.duration("auth.jwksMinRefresh", Duration.ofSeconds(30)),
        positive(s, "auth.jwksTimeout", Duration.ofSeconds(5)));
    try {
      if (auth.remote()) {
        io.qosb.api.auth.RemoteJwks.requireSecure(jwks != null ? "auth.jwks" : "auth.issuer", jwks != null ? jwks : issuer);
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    return auth;
  }

  private static Duration positive(Settings s, String key, Duration def) {
    Duration d = s.duration(key, def);
    if (d.isZero()) {
      throw new ConfigException(key + ": must be longer than zero, got " + d);
    }
    return d;
  }

  private static ProfileCatalog profiles(JsonObject json) {
    Object value = json.getValue("profiles");
    if (value != null && !(value instanceof JsonArray)) {
      throw new ConfigException("profiles: expected a list of QoS profiles");
    }
    return ProfileCatalog.from((JsonArray) value);
  }
}
