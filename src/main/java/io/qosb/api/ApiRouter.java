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
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.impl.OpenAPIContractImpl;
import io.vertx.openapi.impl.OpenAPIFormatValidator;
import io.vertx.openapi.impl.Utils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
    return load(vertx, java.util.List.of(api)).map(contracts -> {
      mount(root, api, contracts.get(api), handlers);
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
   * Loads the documents of the APIs given (those served), each on its own worker thread, while the
   * store opens on another (issue 16, startup).
   *
   * <p>{@code OpenAPIContract.from} validates every document against the OpenAPI meta-schema before
   * resolving it: 0.5-0.8 s of start-up, the largest single block, spent checking documents that
   * ship inside the jar and that the build checks ({@code SchemaCheckTest} loads each with {@code
   * OpenAPIContract.from}). Here a document is parsed and resolved exactly as {@code from} does
   * (the same YAML reader, a schema repository with the same draft, base URI, output format and
   * format validator, the same dereference and resolve), without that step; the repository then
   * holds the document's own schemas only, not the meta-schemas that served only that check (no
   * document refers to them). A document of another OpenAPI version than 3.0 takes {@code from}.
   *
   * @return the documents, by API
   */
  public static Future<Map<Api, OpenAPIContract>> load(Vertx vertx, java.util.Collection<Api> apis) {
    Map<Api, Future<OpenAPIContract>> each = new EnumMap<>(Api.class);
    for (Api api : apis) {
      // unordered: in parallel with each other and with the store's blocking work
      each.put(api, vertx.executeBlocking(() -> parse(api.document()), false)
          .compose(doc -> OpenAPIVersion.fromContract(doc) == OpenAPIVersion.V3_0
              ? vertx.executeBlocking(() -> resolve(doc), false)
              : OpenAPIContract.from(vertx, doc)));
    }
    return Future.all(new java.util.ArrayList<>(each.values())).map(v -> {
      Map<Api, OpenAPIContract> loaded = new EnumMap<>(Api.class);
      each.forEach((api, contract) -> loaded.put(api, contract.result()));
      return loaded;
    });
  }

  /** @return the YAML document at a class-path resource, as {@code OpenAPIContract.from} reads it */
  static JsonObject parse(String resource) throws IOException {
    // read from the class path directly: Vert.x's file system would first copy the resource out of
    // the jar into its file cache, scanning the jar's ~12,000 entries for each file
    byte[] bytes;
    try (InputStream in = ApiRouter.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("OpenAPI document not found on the class path: " + resource);
      }
      bytes = in.readAllBytes();
    }
    Future<JsonObject> doc = Utils.yamlStringToJson(new String(bytes, StandardCharsets.UTF_8));
    if (doc.failed()) {
      throw new IOException("OpenAPI document " + resource + " is not valid YAML: " + doc.cause().getMessage(),
          doc.cause());
    }
    return doc.result();
  }

  /**
   * @return an OpenAPI 3.0 document resolved as {@code OpenAPIContract.from} resolves it (vertx-openapi
   *     5.0.10: {@code OpenAPIVersion.getRepository} and {@code resolve}), without the meta-schema check
   */
  static OpenAPIContract resolve(JsonObject doc) {
    JsonSchemaOptions options = new JsonSchemaOptions().setDraft(Draft.DRAFT4).setBaseUri("app://")
        .setOutputFormat(OutputFormat.Basic);
    SchemaRepository repository = SchemaRepository.create(options, new OpenAPIFormatValidator());
    repository.dereference(JsonSchema.of(doc));
    return new OpenAPIContractImpl(repository.resolve(doc), OpenAPIVersion.V3_0, repository);
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
