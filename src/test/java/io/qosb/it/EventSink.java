package io.qosb.it;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A developer's https sink on 127.0.0.1 (self-signed): records each event's JSON and answers 204. */
final class EventSink implements AutoCloseable {

  final List<JsonObject> events = new CopyOnWriteArrayList<>();
  private final Vertx vertx = Vertx.vertx();
  private final HttpServer server;

  EventSink() {
    server = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
            .setKeyCertOptions(SelfSignedCertificate.create("localhost").keyCertOptions()))
        .requestHandler(req -> req.body().onSuccess(b -> {
          events.add(b.toJsonObject());
          req.response().setStatusCode(204).end();
        })).listen(0, "127.0.0.1").await();
  }

  /** The sink's URL for events. */
  String url() {
    return "https://127.0.0.1:" + server.actualPort() + "/events";
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
