package io.qosb.nef;

import io.qosb.nef.sim.Scenario;
import io.qosb.nef.sim.SubscriptionValidator;
import io.qosb.nef.sim.SimDialect;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Fixtures shared by the NEF tests: subscription bodies, configs, a notification receiver. */
public final class NefTestSupport {

  public static final String NOTIFICATION_URL = "http://127.0.0.1:1/nef-callbacks/v1/notifications";

  private NefTestSupport() {
  }

  /** A valid AsSessionWithQoSSubscription for one IPv4 UE. */
  public static JsonObject aSubscription(String notificationDestination) {
    return new JsonObject()
        .put("notificationDestination", notificationDestination)
        .put("ueIpv4Addr", "198.51.100.10")
        .put("qosReference", "QOS_L")
        .put("flowInfo", new JsonArray().add(new JsonObject().put("flowId", 1)
            .put("flowDescriptions", new JsonArray()
                .add("permit out ip from 203.0.113.5 to 198.51.100.10")
                .add("permit out ip from 198.51.100.10 to 203.0.113.5"))));
  }

  public static JsonObject aSubscription() {
    return aSubscription(NOTIFICATION_URL);
  }

  /** A scenario from inline JSON. */
  public static Scenario scenario(String json) {
    return Scenario.fromJson(new JsonObject(json), "test");
  }

  /** A client config on the simulator with fast retries; extra keys merged over it. */
  public static NefConfig config(String url, JsonObject extra) {
    JsonObject nef = new JsonObject()
        .put("url", url)
        .put("mode", "remote")
        .put("timeout", "PT2S")
        .put("retry", new JsonObject().put("maxAttempts", 3).put("initialBackoff", "PT0.01S").put("maxBackoff", "PT2S"));
    return NefConfig.fromJson(nef.mergeIn(extra, true));
  }

  /** The 3GPP required fields of an AsSessionWithQoSSubscription, per the Rel-18 schema. */
  public static List<JsonObject> schemaProblems(JsonObject subscription) {
    return new SubscriptionValidator(SimDialect.rel18()).validate(subscription);
  }

  /** Whether a notification has UserPlaneNotificationData's required transaction and eventReports[].event. */
  public static boolean isUserPlaneNotificationData(JsonObject data) {
    return data.getValue("transaction") instanceof String
        && data.getValue("eventReports") instanceof JsonArray reports && !reports.isEmpty()
        && reports.stream().allMatch(r -> r instanceof JsonObject o && o.getValue("event") instanceof String);
  }

  /** A local notification sink recording every UserPlaneNotificationData it receives. */
  public static final class Receiver {
    public final List<JsonObject> received = new CopyOnWriteArrayList<>();
    private HttpServer server;

    public Future<Receiver> start(Vertx vertx, Runnable onEach) {
      return vertx.createHttpServer()
          .requestHandler(req -> req.body().onSuccess(body -> {
            received.add(body.toJsonObject());
            req.response().setStatusCode(204).end();
            onEach.run();
          }))
          .listen(0, "127.0.0.1")
          .map(s -> {
            server = s;
            return this;
          });
    }

    public String url() {
      return "http://127.0.0.1:" + server.actualPort() + "/nef-callbacks/v1/notifications";
    }

    public List<String> events() {
      return received.stream().map(n -> n.getJsonArray("eventReports").getJsonObject(0).getString("event")).toList();
    }
  }
}
