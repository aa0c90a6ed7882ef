package io.qosb.api;

import io.qosb.booking.ApiVersion;
import io.qosb.booking.CamaraException;
import io.qosb.booking.Caller;
import io.qosb.booking.SinkCredential;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * Checks {@code sink} and {@code sinkCredential} beyond what the schema says (SPEC-NOTES §1.4, §A-7,
 * §A-8): only ACCESSTOKEN and PRIVATE_KEY_JWT credentials are supported (anything else 400
 * INVALID_CREDENTIAL), an access token must be of type bearer and not expired (400 INVALID_TOKEN),
 * and PRIVATE_KEY_JWT needs the consumer's {@code clientId} and {@code tokenUri} since no client
 * registration is pre-configured (400 INVALID_CREDENTIAL otherwise). {@link #checked} adds the
 * address policy of the notifier (§A-9, issue 7): {@code sink} and {@code tokenUri} must be https
 * URLs whose host resolves to public addresses only (400 INVALID_SINK / INVALID_CREDENTIAL).
 *
 * <p>PRIVATE_KEY_JWT is bound to the calling consumer (issue 15, item 1): the adapter signs client
 * assertions with its one provider key, so a {@code clientId} that is not the caller's own would
 * make the adapter obtain another consumer's access token and post it to the caller's sink (a
 * confused deputy). {@code sinkCredential.clientId} must therefore be the caller's API client
 * identity (the token's {@code client_id}, {@code azp} or {@code sub}), else 400 INVALID_CREDENTIAL;
 * the consumer registers the adapter's JWKS for that client id at its authorization server.
 */
final class SinkInput {

  /** The properties of each supported credential type (its schema has {@code additionalProperties: false}). */
  private static final Map<String, Set<String>> KNOWN_PROPERTIES = Map.of(
      "ACCESSTOKEN", Set.of("credentialType", "accessToken", "accessTokenExpiresUtc", "accessTokenType"),
      "PRIVATE_KEY_JWT", Set.of("credentialType", "clientId", "tokenUri"));

  private SinkInput() {
  }

  /**
   * The one request-time check of {@code sink} and {@code sinkCredential} for createBooking (both
   * APIs), assignDevices and releaseDevices.
   *
   * @param body the request body holding {@code sink} / {@code sinkCredential}
   * @param caller the consumer making the request: a PRIVATE_KEY_JWT must name it as clientId
   * @param clock decides whether an access token has expired
   * @param sinks the address policy
   * @return the credential to store, or null when none was given
   */
  static Future<SinkCredential> checked(JsonObject body, Caller caller, Clock clock, SinkCheck sinks) {
    return checked(body, caller, clock, sinks, ApiVersion.V0_2);
  }

  /** As {@link #checked(JsonObject, Caller, Clock, SinkCheck)}, with the credential types of the given version. */
  static Future<SinkCredential> checked(JsonObject body, Caller caller, Clock clock, SinkCheck sinks,
      ApiVersion version) {
    SinkCredential credential;
    try {
      credential = credential(body, clock, version);
      checkOwnClient(body, caller);
    } catch (CamaraException e) {
      return Future.failedFuture(e);
    }
    Future<Void> sink = body.getValue("sink") instanceof String url
        ? refuse(sinks.check(url), "INVALID_SINK", "sink") : Future.succeededFuture();
    JsonObject given = body.getJsonObject("sinkCredential");
    Future<Void> tokenUri = given != null && given.getValue("tokenUri") instanceof String url
        ? refuse(sinks.check(url), "INVALID_CREDENTIAL", "sinkCredential.tokenUri") : Future.succeededFuture();
    return sink.compose(v -> tokenUri).map(v -> credential);
  }

  private static void checkOwnClient(JsonObject body, Caller caller) {
    JsonObject given = body.getJsonObject("sinkCredential");
    if (given != null && "PRIVATE_KEY_JWT".equals(given.getValue("credentialType"))
        && !caller.clientId().equals(given.getValue("clientId"))) {
      throw new CamaraException(400, "INVALID_CREDENTIAL",
          "sinkCredential.clientId: a PRIVATE_KEY_JWT credential must name the calling API client as clientId.");
    }
  }

  private static Future<Void> refuse(Future<Void> check, String code, String field) {
    return check.recover(e -> Future.failedFuture(new CamaraException(400, code, field + ": " + e.getMessage())));
  }

  /**
   * @param body the request body holding {@code sink} / {@code sinkCredential}
   * @param clock decides whether an access token has expired
   * @return the credential to store, or null when none was given
   */
  static SinkCredential credential(JsonObject body, Clock clock) {
    return credential(body, clock, ApiVersion.V0_2);
  }

  /**
   * As {@link #credential(JsonObject, Clock)}; v0.1 (r1.2) has no PRIVATE_KEY_JWT and the adapter
   * supports only its ACCESSTOKEN (its PLAIN and REFRESHTOKEN: 400 INVALID_CREDENTIAL).
   */
  static SinkCredential credential(JsonObject body, Clock clock, ApiVersion version) {
    JsonObject credential = body.getJsonObject("sinkCredential");
    if (credential == null) {
      return null;
    }
    String type = credential.getValue("credentialType") instanceof String s ? s : "";
    if (version == ApiVersion.V0_1 && !type.equals("ACCESSTOKEN")) {
      throw new CamaraException(400, "INVALID_CREDENTIAL", "Only Access token is supported (credentialType ACCESSTOKEN).");
    }
    Set<String> known = KNOWN_PROPERTIES.get(type);
    if (known != null) {
      // an unknown property is a schema error like any other (issue 15), not a credential problem
      credential.fieldNames().stream().filter(f -> !known.contains(f)).findFirst().ifPresent(f -> {
        throw CamaraException.invalidArgument("$.sinkCredential." + f + ": unknown property");
      });
    }
    switch (type) {
      case "ACCESSTOKEN" -> checkAccessToken(credential, clock);
      case "PRIVATE_KEY_JWT" -> {
        if (credential.getString("clientId") == null || credential.getString("tokenUri") == null) {
          throw new CamaraException(400, "INVALID_CREDENTIAL",
              "PRIVATE_KEY_JWT needs clientId and tokenUri: no client registration is pre-configured for this API client.");
        }
      }
      default -> throw new CamaraException(400, "INVALID_CREDENTIAL",
          "Only Access token or Private key JWT are supported (credentialType ACCESSTOKEN or PRIVATE_KEY_JWT).");
    }
    return new SinkCredential(credential.encode());
  }

  private static void checkAccessToken(JsonObject credential, Clock clock) {
    if (!"bearer".equals(credential.getValue("accessTokenType"))) {
      throw new CamaraException(400, "INVALID_TOKEN", "Only bearer access tokens are supported (accessTokenType bearer).");
    }
    if (!(credential.getValue("accessToken") instanceof String token) || token.isEmpty()) {
      throw new CamaraException(400, "INVALID_TOKEN", "The sinkCredential has no accessToken.");
    }
    try {
      OffsetDateTime expires = OffsetDateTime.parse(String.valueOf(credential.getValue("accessTokenExpiresUtc")));
      if (!expires.toInstant().isAfter(clock.instant())) {
        throw new CamaraException(400, "INVALID_TOKEN", "The sinkCredential access token has already expired.");
      }
    } catch (DateTimeParseException e) {
      throw new CamaraException(400, "INVALID_TOKEN", "accessTokenExpiresUtc must be an RFC 3339 date-time with time zone.");
    }
  }
}
