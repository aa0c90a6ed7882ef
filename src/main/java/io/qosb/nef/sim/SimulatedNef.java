package io.qosb.nef.sim;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated NEF: a real Vert.x HTTP server of the TS 29.122 AsSessionWithQoS API under
 * {@value #BASE_PATH}, behaving as its {@link Scenario} says. It keeps subscriptions in memory,
 * sends UserPlaneNotificationData to each subscription's notificationDestination and lets tests read
 * what it holds and what it received.
 */
public final class SimulatedNef {

  /** The API root path of TS 29.122 AsSessionWithQoS v1. */
  public static final String BASE_PATH = "/3gpp-as-session-with-qos/v1";
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedNef.class);
  /** Path of the create log served for benchmarks in other processes (not part of TS 29.122). */
  public static final String CREATES_PATH = "/sim/v1/creates";
  private static final int BODY_LIMIT = 256 * 1024;

  private final Vertx vertx;
  private final Scenario scenario;
  private final SimState state = new SimState();
  private final FaultInjector faults;
  private final Notifier notifier;
  private final SessionLifecycle lifecycle;
  private final SubscriptionResource resource;
  private HttpServer server;
  private String baseUrl;
  private long amnesiaTimer = -1;

  private SimulatedNef(Vertx vertx, Scenario scenario) {
    this.vertx = Objects.requireNonNull(vertx);
    this.scenario = Objects.requireNonNull(scenario);
    this.faults = new FaultInjector(scenario);
    this.notifier = new Notifier(vertx, scenario.notifications(), state::record);
    this.lifecycle = new SessionLifecycle(vertx, scenario, state, notifier);
    this.resource = new SubscriptionResource(scenario, state, lifecycle, () -> baseUrl);
  }

  /**
   * Starts a plain-HTTP simulated NEF.
   *
   * @param port 0 for a random free port
   * @throws NullPointerException if vertx, host or scenario is null
   */
  public static Future<SimulatedNef> start(Vertx vertx, String host, int port, Scenario scenario) {
    return start(vertx, new HttpServerOptions().setHost(Objects.requireNonNull(host)).setPort(port), scenario);
  }

  /**
   * Starts a simulated NEF with full server options (e.g. TLS); h2c follows the scenario's dialect.
   *
   * @throws NullPointerException if an argument is null
   */
  public static Future<SimulatedNef> start(Vertx vertx, HttpServerOptions options, Scenario scenario) {
    SimulatedNef nef = new SimulatedNef(vertx, scenario);
    HttpServerOptions serverOptions = new HttpServerOptions(options).setHttp2ClearTextEnabled(scenario.dialect().http2());
    return vertx.createHttpServer(serverOptions)
        .requestHandler(nef.router())
        .listen()
        .map(server -> nef.started(server, serverOptions));
  }

  /** The port the server listens on. */
  public int actualPort() {
    return server.actualPort();
  }

  /** The API root, e.g. {@code http://127.0.0.1:9000/3gpp-as-session-with-qos/v1}: use it as {@code nef.url}. */
  public String baseUrl() {
    return baseUrl;
  }

  public Scenario scenario() {
    return scenario;
  }

  public SubscriberDirectory subscriberDirectory() {
    return scenario.subscriberDirectory();
  }

  /** The current subscriptions by subscription id (copies). */
  public Map<String, JsonObject> subscriptions() {
    return state.snapshot();
  }

  /** How many times the subscription with this id was created (0 or 1: ids are never reused). */
  public int createCount(String subscriptionId) {
    return state.creates(subscriptionId);
  }

  /** How many DELETEs removed the subscription with this id. */
  public int deleteCount(String subscriptionId) {
    return state.deletes(subscriptionId);
  }

  /** How many subscriptions were created since start. */
  public int totalCreates() {
    return state.totalCreates();
  }

  /** Every request received, in arrival order of their answers. */
  public List<RecordedRequest> requests() {
    return state.requests();
  }

  /** Every notification sent or given up. */
  public List<SentNotification> notifications() {
    return state.notifications();
  }

  /** Forgets every subscription now, as amnesia does. */
  public void forgetAll() {
    lifecycle.forgetAll();
  }

  /** Stops the server, its timers and its notification client. */
  public Future<Void> close() {
    if (amnesiaTimer >= 0) {
      vertx.cancelTimer(amnesiaTimer);
    }
    lifecycle.close();
    notifier.close();
    return server == null ? Future.succeededFuture() : server.close();
  }

  private SimulatedNef started(HttpServer server, HttpServerOptions options) {
    this.server = server;
    String host = options.getHost();
    if (host == null || host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    } else if (host.contains(":")) {
      host = "[" + host + "]";
    }
    this.baseUrl = (options.isSsl() ? "https" : "http") + "://" + host + ":" + server.actualPort() + BASE_PATH;
    scenario.forgetAfter().ifPresent(after ->
        amnesiaTimer = vertx.setTimer(Math.max(1, after.toMillis()), t -> lifecycle.forgetAll()));
    LOG.info("sim nef started [url: {}, scenario: {}]", baseUrl, scenario.name());
    return this;
  }

  private Router router() {
    Router router = Router.router(vertx);
    router.route().handler(this::record);
    router.route().handler(BodyHandler.create().setBodyLimit(BODY_LIMIT));
    String collection = BASE_PATH + "/:scsAsId/subscriptions";
    String item = collection + "/:subscriptionId";
    router.post(collection).handler(faults(SimOperation.CREATE)).handler(resource::create);
    router.get(collection).handler(faults(SimOperation.LIST)).handler(resource::list);
    router.get(item).handler(faults(SimOperation.READ)).handler(resource::read);
    router.put(item).handler(faults(SimOperation.UPDATE)).handler(resource::update);
    router.patch(item).handler(faults(SimOperation.MODIFY)).handler(resource::modify);
    router.delete(item).handler(faults(SimOperation.DELETE)).handler(resource::delete);
    router.get(CREATES_PATH).handler(this::creates);
    router.route().last().handler(rc -> Problems.send(rc, 404, "Not Found", "no such resource"));
    return router;
  }

  /**
   * {@value #CREATES_PATH}: the subscriptions created so far (POSTs answered 201), for a client in
   * another process (benchmarks): {@code {"creates": [[epochMicros, "ue"], ...], "sample": body}},
   * where ue is the body's gpsi, ueIpv4Addr or ueIpv6Addr and sample the first create's body;
   * {@code ?from=N} leaves out the first N creates (a poller asks only for the new ones).
   */
  private void creates(RoutingContext rc) {
    io.vertx.core.json.JsonArray list = new io.vertx.core.json.JsonArray();
    JsonObject sample = null;
    long skip;
    try {
      skip = Long.parseLong(rc.queryParams().get("from") == null ? "0" : rc.queryParams().get("from"));
    } catch (NumberFormatException e) {
      Problems.send(rc, 400, "Bad Request", "from must be an integer");
      return;
    }
    for (RecordedRequest q : state.requests()) {
      if (q.method().equals("POST") && q.status() == 201 && q.body() != null) {
        JsonObject b = q.body();
        sample = sample == null ? b : sample;
        if (skip-- > 0) {
          continue;
        }
        String ue = b.getString("gpsi", b.getString("ueIpv4Addr", b.getString("ueIpv6Addr")));
        long micros = q.at().getEpochSecond() * 1_000_000L + q.at().getNano() / 1000;
        list.add(new io.vertx.core.json.JsonArray().add(micros).add(ue));
      }
    }
    rc.response().putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("creates", list).put("sample", sample).encode());
  }

  private void record(RoutingContext rc) {
    rc.addBodyEndHandler(v -> {
      JsonObject body = null;
      try {
        body = rc.body() != null && rc.body().buffer() != null && rc.body().length() > 0 ? rc.body().asJsonObject() : null;
      } catch (RuntimeException notJson) {
        // recorded without body
      }
      state.record(new RecordedRequest(rc.request().method().name(), rc.request().path(), rc.request().version().name(),
          rc.request().getHeader("Authorization") != null, body, rc.response().getStatusCode(), Instant.now()));
    });
    rc.next();
  }

  private Handler<RoutingContext> faults(SimOperation operation) {
    return rc -> {
      FaultInjector.Decision decision = faults.decide(operation);
      Runnable proceed = () -> {
        if (rc.response().closed() || rc.response().ended()) {
          return;
        }
        if (decision.fails()) {
          Problems.send(rc, decision.status(), Problems.title(decision.status()), "simulated failure",
              decision.cause().orElse(null), List.of(), decision.retryAfter().orElse(null));
        } else {
          rc.next();
        }
      };
      if (decision.delayMillis() > 0) {
        vertx.setTimer(decision.delayMillis(), t -> proceed.run());
      } else {
        proceed.run();
      }
    };
  }
}
