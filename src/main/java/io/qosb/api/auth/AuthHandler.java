package io.qosb.api.auth;

import io.qosb.booking.Caller;
import io.qosb.booking.CamaraException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.SecurityRequirement;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Authenticates the bearer token of a request and checks that it grants the scopes the operation's
 * OpenAPI security requirement names (any one requirement, all of its scopes). On success the
 * {@link Caller} is put in the routing context for the handlers.
 */
public final class AuthHandler implements Handler<RoutingContext> {

  private static final String CALLER = "qosb.caller";

  private final TokenVerifier verifier;
  private final List<Set<String>> alternatives;

  /**
   * @param verifier verifies tokens
   * @param operation the operation whose security requirement applies
   * @throws NullPointerException if an argument is null
   */
  public AuthHandler(TokenVerifier verifier, Operation operation) {
    this.verifier = Objects.requireNonNull(verifier);
    this.alternatives = operation.getSecurityRequirements().stream()
        .map(AuthHandler::scopesOf).collect(Collectors.toList());
  }

  private static Set<String> scopesOf(SecurityRequirement requirement) {
    return requirement.getNames().stream().flatMap(n -> requirement.getScopes(n).stream())
        .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public void handle(RoutingContext rc) {
    String header = rc.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
      rc.fail(CamaraException.unauthenticated(
          "Request not authenticated due to missing, invalid, or expired credentials."));
      return;
    }
    verifier.verify(header.substring(7).trim()).onComplete(ar -> {
      if (ar.failed()) {
        rc.fail(ar.cause());
      } else if (!permitted(ar.result().scopes())) {
        rc.fail(CamaraException.permissionDenied(
            "Client does not have sufficient permissions to perform this action."));
      } else {
        rc.put(CALLER, ar.result().caller());
        rc.next();
      }
    });
  }

  private boolean permitted(Set<String> granted) {
    return alternatives.isEmpty() || alternatives.stream().anyMatch(granted::containsAll);
  }

  /** @return the authenticated caller of the request */
  public static Caller caller(RoutingContext rc) {
    return Objects.requireNonNull(rc.get(CALLER), "request not authenticated");
  }
}
