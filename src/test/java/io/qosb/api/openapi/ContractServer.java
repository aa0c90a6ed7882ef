package io.qosb.api.openapi;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.SchemaValidationException;

import java.nio.file.Path;

/**
 * A tiny HTTP server on 127.0.0.1 (port 0) serving the router built from one project document,
 * mounted under the document's server base path (vertx-openapi extracts path parameters relative
 * to that base path: a router served at "/" reports every path parameter as missing). Every valid
 * request is answered 204, every request the contract refuses is answered with the status of the
 * router's failure and a JSON body naming the validation error.
 */
final class ContractServer implements AutoCloseable {

  final OpenAPIContract contract;
  final Router router;
  final String basePath;
  private final HttpServer server;
  private final WebClient client;

  private ContractServer(OpenAPIContract contract, Router router, HttpServer server, WebClient client) {
    this.contract = contract;
    this.router = router;
    this.basePath = contract.getServers().get(0).getBasePath();
    this.server = server;
    this.client = client;
  }

  static ContractServer start(Vertx vertx, Path document) {
    OpenAPIContract contract = OpenAPIContract.from(vertx, document.toString()).await();
    RouterBuilder builder = RouterBuilder.create(vertx, contract);
    builder.security("openId").openIdConnectHandler(url -> Future.succeededFuture(new PassThroughOpenIdHandler())).await();
    for (OpenAPIRoute route : builder.getRoutes()) {
      route.addHandler(ctx -> ctx.response().setStatusCode(204).end());
      route.addFailureHandler(ctx -> {
        Throwable failure = ctx.failure();
        int status = failure instanceof HttpException http ? http.getStatusCode() : 500;
        Throwable cause = failure instanceof HttpException ? failure.getCause() : failure;
        JsonObject body = new JsonObject()
            .put("schemaError", cause instanceof SchemaValidationException)
            .put("message", cause == null ? String.valueOf(failure) : cause.getMessage());
        ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
      });
    }
    Router router = builder.createRouter();
    Router root = Router.router(vertx);
    root.route(contract.getServers().get(0).getBasePath() + "/*").subRouter(router);
    HttpServer server = vertx.createHttpServer().requestHandler(root).listen(0, "127.0.0.1").await();
    return new ContractServer(contract, router, server, WebClient.create(vertx));
  }

  /** Sends {@code body} (JSON text) with the given method to {@code path} (below the base path). */
  HttpResponse<Buffer> send(HttpMethod method, String path, String body) {
    return send(method, path, body, "b4333c46-49c0-4f62-80d7-f0ef930f1c46");
  }

  HttpResponse<Buffer> send(HttpMethod method, String path, String body, String xCorrelator) {
    var request = client.request(method, server.actualPort(), "127.0.0.1", basePath + path)
        .putHeader("x-correlator", xCorrelator);
    if (body.isEmpty()) {
      return request.send().await();
    }
    return request.putHeader("content-type", "application/json").sendBuffer(Buffer.buffer(body)).await();
  }

  @Override
  public void close() {
    client.close();
    server.close().await();
  }
}
