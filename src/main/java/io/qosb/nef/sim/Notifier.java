package io.qosb.nef.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends UserPlaneNotificationData to a subscription's notificationDestination: each POST bounded
 * by the scenario's notification timeout, retried on 5xx, 429 and transport failures up to
 * {@code maxAttempts} times with doubling backoff from 100 ms.
 */
final class Notifier {

  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
  private static final long FIRST_BACKOFF_MS = 100;

  private final Vertx vertx;
  private final WebClient client;
  private final Scenario.Notifications config;
  private final Consumer<SentNotification> log;
  private volatile boolean closed;

  Notifier(Vertx vertx, Scenario.Notifications config, Consumer<SentNotification> log) {
    this.vertx = Objects.requireNonNull(vertx);
    this.config = Objects.requireNonNull(config);
    this.log = Objects.requireNonNull(log);
    // the simulator is a test tool: it accepts any certificate of an https notification sink
    this.client = WebClient.create(vertx, new WebClientOptions().setTrustAll(true).setVerifyHost(false)
        .setUserAgent("qosb-nef-sim").setConnectTimeout((int) config.timeout().toMillis()));
  }

  /** UserPlaneNotificationData with one UserPlaneEventReport. */
  static JsonObject notification(String transaction, JsonObject eventReport) {
    return new JsonObject().put("transaction", transaction).put("eventReports", new JsonArray().add(eventReport));
  }

  static JsonObject report(String event) {
    return new JsonObject().put("event", event);
  }

  /** Sends, never failing: the outcome is logged and recorded. */
  Future<Void> send(String destination, JsonObject data) {
    if (!config.enabled() || closed) {
      return Future.succeededFuture();
    }
    return attempt(destination, data, 1);
  }

  void close() {
    closed = true;
    client.close();
  }

  private Future<Void> attempt(String destination, JsonObject data, int number) {
    Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>> sent;
    try {
      sent = client.postAbs(destination).timeout(config.timeout().toMillis()).sendJsonObject(data);
    } catch (RuntimeException clientClosed) {
      sent = Future.failedFuture(clientClosed);
    }
    return sent.transform(ar -> {
      int status = ar.succeeded() ? ar.result().statusCode() : 0;
      if (status >= 200 && status < 300) {
        log.accept(new SentNotification(destination, data, true, number));
        return Future.succeededFuture();
      }
      boolean retryable = status == 0 || status >= 500 || status == 429;
      if (retryable && number < config.maxAttempts()) {
        long backoff = FIRST_BACKOFF_MS << (number - 1);
        return closed ? Future.succeededFuture()
            : vertx.timer(backoff, TimeUnit.MILLISECONDS).compose(v -> attempt(destination, data, number + 1));
      }
      String why = ar.succeeded() ? "status " + status : String.valueOf(ar.cause().getMessage());
      LOG.warn("sim notification not delivered [destination: {}, attempts: {}]: {}", destination, number, why);
      log.accept(new SentNotification(destination, data, false, number));
      return Future.succeededFuture();
    });
  }
}
