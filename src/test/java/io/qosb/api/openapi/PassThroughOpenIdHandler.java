package io.qosb.api.openapi;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.OAuth2AuthHandler;

import java.util.List;

/**
 * A security handler for the {@code openId} scheme that lets every request through. In
 * vertx-web-openapi-router 5.0.10 an {@code openIdConnect} scheme only takes an
 * {@link OAuth2AuthHandler} (via {@code security("openId").openIdConnectHandler(...)}); these tests
 * are about the contract, not about tokens.
 */
final class PassThroughOpenIdHandler implements OAuth2AuthHandler {

  @Override
  public void handle(RoutingContext ctx) {
    ctx.next();
  }

  @Override
  public OAuth2AuthHandler extraParams(JsonObject extraParams) {
    return this;
  }

  @Override
  public OAuth2AuthHandler withScope(String scope) {
    return this;
  }

  @Override
  public OAuth2AuthHandler withScopes(List<String> scopes) {
    return this;
  }

  @Override
  public OAuth2AuthHandler prompt(String prompt) {
    return this;
  }

  @Override
  public OAuth2AuthHandler pkceVerifierLength(int length) {
    return this;
  }

  @Override
  public OAuth2AuthHandler setupCallback(Route route) {
    return this;
  }
}
