package io.qosb.api.auth;

import io.qosb.booking.Caller;
import io.qosb.booking.CamaraException;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * What the adapter takes from a verified access token.
 *
 * @param caller the API consumer and, for a three-legged token, its device
 * @param scopes the granted scopes (claim {@code scope}, space separated)
 * @param expiresAt claim {@code exp}, epoch seconds
 */
public record AccessToken(Caller caller, Set<String> scopes, long expiresAt) {

  /**
   * @param claims the verified claims
   * @return the token's identity, scopes and expiry
   * @throws CamaraException 401 when no consumer identity is present
   */
  static AccessToken of(JsonObject claims) {
    String client = first(claims, "client_id", "azp", "sub");
    if (client == null) {
      throw CamaraException.unauthenticated("The access token names no API consumer (client_id, azp or sub).");
    }
    String scope = claims.getValue("scope") instanceof String s ? s : "";
    Set<String> scopes = scope.isBlank() ? Set.of() : Set.copyOf(java.util.Arrays.asList(scope.trim().split("\\s+")));
    String phone = claims.getValue("phone_number") instanceof String p && !p.isBlank() ? p : null;
    return new AccessToken(new Caller(client, phone), scopes, claims.getLong("exp"));
  }

  private static String first(JsonObject claims, String... names) {
    for (String n : names) {
      if (claims.getValue(n) instanceof String s && !s.isBlank()) {
        return s;
      }
    }
    return null;
  }
}
