package io.qosb.acceptance;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * "A URL where events can be monitored": an https server on the loopback interface (self-signed
 * certificate; the test profile sets {@code sinks.trustAll}) that answers 204 and keeps every
 * notification it receives.
 */
final class EventReceiver {

  /** One received notification. */
  record Received(String path, Map<String, String> headers, JsonObject body) {
  }

  /** The bearer token the receiver accepts (sinkCredential.accessToken of the scenarios). */
  static final String ACCESS_TOKEN = "camara-event-receiver-token";

  private static Vertx vertx;
  private static HttpServer server;
  private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();

  private EventReceiver() {
  }

  /** @return the sink URL for a scenario (each scenario its own path) */
  static synchronized String sink(int scenario) {
    if (server == null) {
      vertx = Vertx.vertx();
      SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
      server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setHost("127.0.0.1").setPort(0)
          .setKeyCertOptions(cert.keyCertOptions()))
          .requestHandler(req -> req.body().onSuccess(b -> {
            Map<String, String> h = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            req.headers().forEach(e -> h.put(e.getKey(), e.getValue()));
            JsonObject json;
            try {
              json = b.length() == 0 ? new JsonObject() : b.toJsonObject();
            } catch (RuntimeException e) {
              json = new JsonObject().put("unparsable", b.toString());
            }
            RECEIVED.add(new Received(req.path(), h, json));
            req.response().setStatusCode(204).end();
          }))
          .listen().await();
    }
    return "https://127.0.0.1:" + server.actualPort() + "/events/scenario-" + scenario;
  }

  /** @return the notifications received at that sink URL so far */
  static List<Received> receivedAt(String sink) {
    String path = sink.substring(sink.indexOf('/', "https://".length()));
    return RECEIVED.stream().filter(r -> r.path().equals(path)).toList();
  }

  static synchronized void stop() {
    if (vertx != null) {
      vertx.close().await();
      vertx = null;
      server = null;
    }
  }
}
