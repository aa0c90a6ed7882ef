package io.qosb.api;

import io.qosb.booking.CamaraException;
import io.qosb.booking.SinkCredential;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Checks {@code sink} and {@code sinkCredential} beyond what the schema says (SPEC-NOTES §1.4, §A-7,
 * §A-8): only ACCESSTOKEN and PRIVATE_KEY_JWT credentials are supported (anything else 400
 * INVALID_CREDENTIAL), an access token must be of type bearer and not expired (400 INVALID_TOKEN),
 * and PRIVATE_KEY_JWT needs the consumer's {@code clientId} and {@code tokenUri} since no client
 * registration is pre-configured (400 INVALID_CREDENTIAL otherwise).
 */
final class SinkInput {

  private SinkInput() {
  }

  /**
   * @param body the request body holding {@code sink} / {@code sinkCredential}
   * @param clock decides whether an access token has expired
   * @return the credential to store, or null when none was given
   */
  static SinkCredential credential(JsonObject body, Clock clock) {
    JsonObject credential = body.getJsonObject("sinkCredential");
    if (credential == null) {
      return null;
    }
    String type = credential.getValue("credentialType") instanceof String s ? s : "";
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
