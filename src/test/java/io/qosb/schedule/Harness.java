package io.qosb.schedule;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qosb.booking.Api;
import io.qosb.booking.Assignment;
import io.qosb.booking.Booking;
import io.qosb.booking.BookingEngine;
import io.qosb.booking.BookingPolicy;
import io.qosb.booking.Bookings;
import io.qosb.booking.Caller;
import io.qosb.booking.Device;
import io.qosb.booking.DeviceDirectory;
import io.qosb.booking.FlowSpec;
import io.qosb.booking.MutableClock;
import io.qosb.booking.NewBooking;
import io.qosb.booking.ProfileRules;
import io.qosb.nef.NefApi;
import io.qosb.nef.NefClient;
import io.qosb.nef.NefConfig;
import io.qosb.nef.NefTestSupport;
import io.qosb.nef.NetworkEvent;
import io.qosb.nef.sim.SimulatedNef;
import io.qosb.profiles.ProfileCatalog;
import io.qosb.store.NefSubscriptionRecord;
import io.qosb.store.Store;
import io.qosb.store.TestDatabases;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The activation graph as the composition root builds it, on a real store, a real simulated NEF over
 * HTTP on 127.0.0.1 and a callback server, with a clock the test moves. {@link #restart} builds a
 * fresh Activation (a new scheduler) on the same store, as a replacement process would.
 */
final class Harness {

  static final Instant NOW = Instant.parse("2030-01-01T08:00:00Z");
  static final Instant START = NOW.plus(Duration.ofHours(1));
  static final long DURATION_S = 3600;
  static final Caller APP = Caller.twoLegged("app-1");
  /** Options for driven tests: timers far apart (tests call runDueJobs), 3 attempts, 2 s backoff. */
  static final JsonObject DRIVEN = new JsonObject().put("sweepInterval", "PT1H").put("reconcileInterval", "PT1H")
      .put("maxAttempts", 3).put("retryBackoff", "PT2S").put("leaseDuration", "PT30S");

  final Vertx vertx;
  final Clock clock;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final List<NetworkEvent> events = new CopyOnWriteArrayList<>();
  Store store;
  SimulatedNef sim;
  NefConfig nefConfig;
  NefClient client;
  BookingEngine engine;
  Activation activation;
  HttpServer callbackServer;
  Router callbackRoot;
  private JsonObject scheduleJson = DRIVEN;
  private String dropSchema;

  private Harness(Vertx vertx, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
  }

  /** A harness on a fresh H2 database with a mutable clock at {@link #NOW}. */
  static Future<Harness> h2(Vertx vertx, String scenario, JsonObject nefExtra) {
    return create(vertx, new MutableClock(NOW), TestDatabases.newH2Url(), null, scenario, nefExtra, DRIVEN);
  }

  /** A harness on a fresh PostgreSQL schema with a mutable clock at {@link #NOW}. */
  static Future<Harness> postgres(Vertx vertx, String scenario, JsonObject nefExtra) {
    String schema = TestDatabases.newSchema();
    return TestDatabases.createPgSchema(vertx, schema).compose(v -> create(vertx, new MutableClock(NOW),
        TestDatabases.PG_URL, schema, scenario, nefExtra, DRIVEN));
  }

  static Future<Harness> create(Vertx vertx, Clock clock, String storeUrl, String schema, String scenario,
      JsonObject nefExtra, JsonObject schedule) {
    Harness h = new Harness(vertx, clock);
    h.scheduleJson = schedule;
    h.dropSchema = schema;
    h.callbackRoot = Router.router(vertx);
    return vertx.createHttpServer().requestHandler(h.callbackRoot).listen(0, "127.0.0.1")
        .compose(server -> {
          h.callbackServer = server;
          return Store.open(vertx, storeUrl, schema);
        })
        .compose(store -> {
          h.store = store;
          return SimulatedNef.start(vertx, "127.0.0.1", 0, NefTestSupport.scenario(scenario));
        })
        .map(sim -> {
          h.sim = sim;
          JsonObject extra = new JsonObject().put("notificationUrl", h.notificationUrl()).mergeIn(nefExtra, true);
          h.nefConfig = NefTestSupport.config(sim.baseUrl(), extra);
          h.client = new NefClient(vertx, h.nefConfig, h.registry);
          h.engine = new BookingEngine(h.store.bookings(),
              DeviceDirectory.open(Activation.supportedDeviceTypes(h.nefConfig)),
              ProfileRules.of(Map.of("QOS_L", ProfileRules.Limits.ANY)), clock,
              BookingPolicy.withMinLeadTime(Duration.ZERO), h.client::isAvailable);
          h.activation = h.newActivation(h.client);
          h.activation.mount(h.callbackRoot);
          return h;
        });
  }

  String notificationUrl() {
    return "http://127.0.0.1:" + callbackServer.actualPort() + "/nef-callbacks/v1/notifications";
  }

  Activation newActivation(NefApi nef) {
    ProfileCatalog catalog = ProfileCatalog.from(new JsonArray().add(new JsonObject()
        .put("name", "QOS_L").put("status", "ACTIVE").put("qosReference", "QREF_L")));
    return new Activation(vertx, store, engine, nef, nefConfig, catalog, registry, clock,
        ScheduleOptions.fromJson(scheduleJson), events::add);
  }

  /** A fresh Activation on the same store (its callbacks are not mounted: the old route still serves). */
  Activation restart(NefApi nef) {
    activation = newActivation(nef);
    return activation;
  }

  MutableClock mutableClock() {
    return (MutableClock) clock;
  }

  void at(Instant instant) {
    mutableClock().set(instant);
  }

  Future<Booking> createQba(int devices) {
    return engine.createBooking(APP, Bookings.qba(START, DURATION_S, devices));
  }

  Future<Booking> createQb(Device device, FlowSpec flows) {
    return engine.createBooking(APP, NewBooking.qb("QOS_L", START.toString(), DURATION_S, Bookings.circle(), device,
        flows, null, null));
  }

  Future<Void> assign(Booking b, Device... devices) {
    return engine.assignDevices(APP, b.id(), List.of(devices), null, null).mapEmpty();
  }

  Future<Booking> booking(UUID id) {
    return store.bookings().find(id).map(o -> o.orElse(null));
  }

  Future<List<Assignment>> assignments(UUID id) {
    return store.bookings().assignments(id);
  }

  /** The subscription records of the booking, read in a transaction (the store has no other read). */
  Future<List<NefSubscriptionRecord>> records(UUID id) {
    return store.activation().inTransaction(List.of(), tx -> tx.subscriptionsOfBooking(id));
  }

  static Device ipv4(String address) {
    return Device.of(null, new Device.Ipv4(address, address, null), null, null);
  }

  double meter(String name, String tag, String value) {
    var counter = registry.find(name).tag(tag, value).counter();
    return counter == null ? 0 : counter.count();
  }

  double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  /** Polls the condition every 20 ms until it holds, failing after {@code timeoutMs}. */
  static Future<Void> eventually(Vertx vertx, long timeoutMs, Supplier<Future<Boolean>> condition) {
    Promise<Void> done = Promise.promise();
    long deadline = System.currentTimeMillis() + timeoutMs;
    poll(vertx, deadline, condition, done);
    return done.future();
  }

  private static void poll(Vertx vertx, long deadline, Supplier<Future<Boolean>> condition, Promise<Void> done) {
    condition.get().onComplete(ar -> {
      if (ar.succeeded() && ar.result()) {
        done.complete();
      } else if (System.currentTimeMillis() > deadline) {
        done.fail(new AssertionError("condition not met in time"
            + (ar.failed() ? ": " + ar.cause().getMessage() : "")));
      } else {
        vertx.setTimer(20, t -> poll(vertx, deadline, condition, done));
      }
    });
  }

  Future<Void> close() {
    client.close();
    // a crashed Activation never finishes its run: do not wait for it
    Future<Void> stopped = activation.stop().timeout(2, java.util.concurrent.TimeUnit.SECONDS).otherwise((Void) null);
    return stopped.eventually(sim::close).eventually(callbackServer::close).eventually(store::close)
        .eventually(() -> dropSchema == null ? Future.succeededFuture() : TestDatabases.dropPgSchema(vertx, dropSchema))
        .mapEmpty();
  }
}
