package io.qosb.api;

import io.qosb.api.auth.AuthHandler;
import io.qosb.api.auth.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the routes of the CAMARA APIs from the project's OpenAPI documents. Every operation runs
 * the same chain: authenticate and check the operation's scopes, rate-limit the consumer, validate
 * the request, then the operation's handler.
 */
public final class ApiRouter {

  /** Routing context key of the {@link Api} a request was routed to; errors are answered in its terms. */
  static final String API_KEY = "qosb.api";

  private final Vertx vertx;
  private final TokenVerifier verifier;
  private final Handler<RoutingContext> rateLimiter;
  private final Clock clock;

  /**
   * @param vertx Vert.x
   * @param verifier verifies access tokens
   * @param rateLimiter per-consumer limit, run after authentication
   * @param clock decides expiry of sink access tokens during validation
   * @throws NullPointerException if an argument is null
   */
  public ApiRouter(Vertx vertx, TokenVerifier verifier, Handler<RoutingContext> rateLimiter, Clock clock) {
    this.clock = Objects.requireNonNull(clock);
    this.vertx = Objects.requireNonNull(vertx);
    this.verifier = Objects.requireNonNull(verifier);
    this.rateLimiter = Objects.requireNonNull(rateLimiter);
  }

  /**
   * Adds the common root handlers: correlator first, then the body handler with the size limit.
   *
   * @param root the server's root router
   * @param maxBodySize largest accepted body in bytes (413 beyond)
   */
  public static void addRootHandlers(Router root, long maxBodySize) {
    root.route().handler(new Correlator());
    root.route().handler(BodyHandler.create(false).setBodyLimit(maxBodySize));
    root.route().failureHandler(ErrorResponses.failureHandler());
    // a failure no route handled (e.g. a path with a malformed percent-escape fails before routing)
    root.errorHandler(400, ErrorResponses.statusHandler(400));
    root.errorHandler(404, ErrorResponses.statusHandler(404));
    root.errorHandler(405, ErrorResponses.statusHandler(405));
  }

  /**
   * Loads an API's document and mounts its operations under the API's base path.
   *
   * @param root the server's root router
   * @param api the API
   * @param handlers operationId -> business handler
   * @return completes when the API is mounted
   */
  public Future<Void> mount(Router root, Api api, Map<String, Handler<RoutingContext>> handlers) {
    return OpenAPIContract.from(vertx, api.document()).map(contract -> {
      mount(root, api, contract, handlers);
      return null;
    });
  }

  /**
   * Mounts an API's operations, from its document loaded beforehand (see {@link #load}), under the
   * API's base path.
   *
   * @param contract the API's document, as {@link #load} loaded it
   */
  public void mount(Router root, Api api, OpenAPIContract contract, Map<String, Handler<RoutingContext>> handlers) {
    RouterBuilder builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
    InlineRequestValidator validator = new InlineRequestValidator(vertx, contract);
    for (OpenAPIRoute route : builder.getRoutes()) {
      String operationId = route.getOperation().getOperationId();
      route.setDoSecurity(false).setDoValidation(false)
          .addHandler(rc -> {
            rc.put(API_KEY, api);
            rc.next();
          })
          .addHandler(new AuthHandler(verifier, route.getOperation()))
          .addHandler(rateLimiter)
          .addHandler(new ValidationHandler(api, route.getOperation(), validator, clock))
          .addHandler(handler(api, handlers, operationId));
    }
    root.route(api.basePath() + "/*").subRouter(builder.createRouter());
  }

  /**
   * Loads and checks the documents of the APIs given (those served). Vert.x validates each against the OpenAPI
   * meta-schema on the calling event loop, a large share of the startup time: the adapter starts it
   * first, so that it runs while the store opens on a worker thread.
   *
   * @return the documents, by API
   */
  public static Future<Map<Api, OpenAPIContract>> load(Vertx vertx, java.util.Collection<Api> apis) {
    Map<Api, OpenAPIContract> loaded = new EnumMap<>(Api.class);
    Future<Void> chain = Future.succeededFuture();
    for (Api api : apis) {
      chain = chain.compose(v -> OpenAPIContract.from(vertx, api.document()).map(c -> {
        loaded.put(api, c);
        return null;
      }));
    }
    return chain.map(v -> loaded);
  }


  /** Every operation of the document must have its handler: a missing one fails startup. */
  private static Handler<RoutingContext> handler(Api api, Map<String, Handler<RoutingContext>> handlers, String operationId) {
    Handler<RoutingContext> h = handlers.get(operationId);
    if (h == null) {
      throw new IllegalStateException("no handler for operation " + operationId + " of " + api.document());
    }
    return h;
  }
}
