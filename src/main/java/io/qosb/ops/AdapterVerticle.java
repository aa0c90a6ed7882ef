package io.qosb.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.qosb.admission.AdmissionControl;
import io.qosb.api.Api;
import io.qosb.api.ApiRouter;
import io.qosb.api.BookingAndAssignmentApi;
import io.qosb.api.DeviceBookingApi;
import io.qosb.api.ErrorResponses;
import io.qosb.api.QosProfilesApi;
import io.qosb.api.RateLimiter;
import io.qosb.api.auth.TokenVerifier;
import io.qosb.booking.Assignment;
import io.qosb.booking.Booking;
import io.qosb.booking.BookingEngine;
import io.qosb.booking.BookingEvent;
import io.qosb.booking.BookingRepository.BookingTx;
import io.qosb.booking.StatusListener;
import io.qosb.booking.BookingPolicy;
import io.qosb.booking.Device;
import io.qosb.booking.DeviceDirectory;
import io.qosb.nef.NefClient;
import io.qosb.nef.NefConfig;
import io.qosb.schedule.Activation;
import io.qosb.schedule.ScheduleOptions;
import io.qosb.booking.ProfileRules;
import io.qosb.nef.sim.Scenario;
import io.qosb.notify.Notifications;
import io.qosb.notify.NotifyConfig;
import io.qosb.nef.sim.SimulatedNef;
import io.qosb.profiles.ProfileCatalog;
import io.qosb.store.Store;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.openapi.contract.OpenAPIContract;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of one adapter instance: opens the store, starts the simulated NEF when
 * {@code nef.mode=simulated}, builds the booking engine and serves the CAMARA APIs and the
 * operational endpoints on one HTTP server.
 */
public final class AdapterVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AdapterVerticle.class);

  private final AdapterConfig config;
  private final PrometheusMeterRegistry registry;
  private final Clock clock;
  private HttpServer server;
  private Store store;
  private SimulatedNef simulatedNef;
  private BookingEngine engine;
  private NefClient nefClient;
  private Activation activation;
  private AdmissionControl admissionControl;
  private Notifications notifications;

  /**
   * @param config the checked configuration
   * @param registry the metrics registry served at /metrics
   * @param clock the clock of all time decisions
   * @throws NullPointerException if an argument is null
   */
  public AdapterVerticle(AdapterConfig config, PrometheusMeterRegistry registry, Clock clock) {
    this.config = Objects.requireNonNull(config);
    this.registry = Objects.requireNonNull(registry);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    ApiRouter.addRootHandlers(router, config.http().maxBodySize());
    Readiness readiness = new Readiness(vertx);
    Future<NotifyConfig> notify = Future.succeededFuture(config.settings()).map(NotifySettings::from);
    boolean remote = !"simulated".equals(config.settings().string("nef.mode", "simulated"));
    // independent start-up work runs at once (issue 16, footprint): the API documents are checked on
    // this event loop and the simulated NEF starts while the store opens and migrates on a worker
    Future<Map<Api, OpenAPIContract>> contracts = ApiRouter.load(vertx);
    Future<Store> opened = PublishedKeys.check(vertx, config.settings(), config.auth(), remote)
        .compose(v -> notify).compose(n -> Store.open(vertx, config.storeUrl(), null, Notifications.cipher(n)));
    Future<Void> nef = startSimulatedNef();
    return Future.all(opened, nef, contracts)
        .compose(v -> {
          Store s = opened.result();
          store = s;
          readiness.register("sql", s::ping);
          new BookingGauges(registry).start(vertx, s.bookings(), 15_000);
          return startAdmissionControl();
        })
        .compose(v -> startNotifications(notify.result(), router))
        .compose(v -> AuthSetup.verifier(vertx, config.auth(), clock))
        .map(verifier -> mountApis(router, verifier, contracts.result()))
        .andThen(v -> OpsRoutes.mount(vertx, router, readiness, registry))
        .compose(v -> vertx.createHttpServer(new HttpServerOptions().setHost(config.http().host())
            .setPort(config.http().port())).requestHandler(router)
            .invalidRequestHandler(ErrorResponses::invalidRequest).listen())
        .compose(s -> {
          server = s;
          return startActivation(router, readiness, s.actualPort());
        })
        .onSuccess(v -> {
          HttpServer s = server;
          LOG.info("adapter listening [port: {}, store: {}, nef: {}]", s.actualPort(),
              config.storeUrl().replaceAll("//[^@/]*@", "//***@"), simulatedNef != null ? "simulated" : "remote");
        });
  }

  /**
   * Notifications (issue 7): the outbox worker, the JWKS of its signing key; the engine is built on
   * {@code notifications.observe(...)} and the APIs check sinks with {@code notifications.guard()}.
   */
  private Future<Void> startNotifications(NotifyConfig notify, Router router) {
    return Notifications.create(vertx, store, registry, clock, notify).map(n -> {
      notifications = n;
      n.mountJwks(router);
      n.start();
      return null;
    });
  }

  private Future<Void> startSimulatedNef() {
    Settings s = config.settings();
    if (!"simulated".equals(s.string("nef.mode", "simulated"))) {
      return Future.succeededFuture();
    }
    String path = s.string("nef.simulator.scenario", null);
    Future<Scenario> scenario = path == null ? Future.succeededFuture(Scenario.defaults())
        : vertx.fileSystem().readFile(path)
            .recover(e -> Future.failedFuture(new ConfigException("nef.simulator.scenario: cannot read '" + path + "'")))
            .map(b -> Scenario.fromJson(b.toJsonObject(), path));
    return scenario.compose(sc -> SimulatedNef.start(vertx, "127.0.0.1", 0, sc))
        .onSuccess(nef -> simulatedNef = nef).mapEmpty();
  }

  private Void mountApis(Router router, TokenVerifier verifier, Map<Api, OpenAPIContract> contracts) {
    Settings s = config.settings();
    Set<Device.Type> nefTypes = Activation.supportedDeviceTypes(NefSetup.config(s, simulatedNef, config.http().port()));
    DeviceDirectory directory = Devices.directory(s, simulatedNef == null ? null : simulatedNef.subscriberDirectory(),
        nefTypes);
    BookingPolicy policy = new BookingPolicy(config.minLeadTime(), s.duration("booking.horizon", Duration.ofDays(365)),
        s.duration("booking.retention", Duration.ofSeconds(360)),
        (int) s.integer("booking.maxOpenPerConsumer", BookingPolicy.DEFAULT_MAX_OPEN_PER_CONSUMER, 1, Integer.MAX_VALUE),
        s.duration("booking.startGrace", BookingPolicy.DEFAULT_START_GRACE));
    engine = new BookingEngine(notifications.observe(store.bookings()), directory, profileRules(config.profiles()),
        clock, policy, admissionControl.admission(), () -> nefClient == null || nefClient.isAvailable());
    admissionControl.mount(router, verifier);
    ApiRouter api = new ApiRouter(vertx, verifier,
        new RateLimiter(config.rateLimit().ratePerSecond(), config.rateLimit().burst(), System::nanoTime), clock);
    api.mount(router, Api.QOS_BOOKING_AND_ASSIGNMENT, contracts.get(Api.QOS_BOOKING_AND_ASSIGNMENT),
        new BookingAndAssignmentApi(engine, clock, notifications.guard()).handlers());
    api.mount(router, Api.QOS_BOOKING, contracts.get(Api.QOS_BOOKING),
        new DeviceBookingApi(engine, clock, notifications.guard()).handlers());
    api.mount(router, Api.QOS_PROFILES, contracts.get(Api.QOS_PROFILES),
        new QosProfilesApi(config.profiles(), directory).handlers());
    return null;
  }

  // NEF activation (issue 6): NEF client, durable scheduler, callbacks, reconciliation
  private Future<Void> startActivation(Router router, Readiness readiness, int port) {
    Settings s = config.settings();
    NefConfig nefConfig = NefSetup.config(s, simulatedNef, port);
    if (simulatedNef == null) {
      NefSetup.warnIfLoopbackCallback(nefConfig);
    }
    nefClient = new NefClient(vertx, nefConfig, registry);
    ScheduleOptions options;
    try {
      options = ScheduleOptions.fromJson(s.section("schedule"));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new ConfigException(e.getMessage()));
    }
    store.activation().onStatusChange(new StatusListener() {
      @Override
      public Future<Void> statusChanged(BookingTx tx, Booking before, Booking after) {
        return notifications.statusChanged(tx, before, after);
      }

      @Override
      public Future<Void> devicesFailed(BookingTx tx, Booking booking, List<Assignment> failed, List<Assignment> active) {
        if (booking.api() != io.qosb.booking.Api.QB) {
          return notifications.devicesFailed(tx, booking, failed, active);
        }
        // QB has no per-device event: its one device failing (refused by the NEF at activation, or its
        // allocation failed) ends the booking, TERMINATED / NETWORK_TERMINATED, and statusChanged reports it
        return booking.status().allows(BookingEvent.NETWORK_TERMINATE)
            ? tx.updateBooking(booking.withStatus(BookingEvent.NETWORK_TERMINATE, clock.instant())).mapEmpty()
            : Future.succeededFuture();
      }
    });
    activation = new Activation(vertx, store, engine, nefClient, nefConfig, config.profiles(), registry, clock, options);
    String callbacks = activation.callbackPath().endsWith("/") ? activation.callbackPath() : activation.callbackPath() + "/";
    router.route(callbacks + "*").handler(RateLimiter.perSourceAddress(
        s.decimal("nef.callbackRateLimit.ratePerSecond", 1000, 0.001, 1e9),
        s.integer("nef.callbackRateLimit.burst", 2000, 1, Integer.MAX_VALUE), System::nanoTime));
    activation.mount(router);
    readiness.register("nef", activation::nefReady);
    return activation.start();
  }

  // admission control (issue 9): capacity model, admission port, capacity meters and operator routes
  private Future<Void> startAdmissionControl() {
    return AdmissionControl.start(vertx, config.settings(), config.profiles().all().stream().map(p -> p.name()).toList(),
        store, registry, clock).onSuccess(a -> admissionControl = a).mapEmpty();
  }

  static ProfileRules profileRules(ProfileCatalog catalog) {
    return ProfileRules.of(catalog.all().stream().collect(Collectors.toMap(p -> p.name(),
        p -> new ProfileRules.Limits(p.active(), p.minDuration(), p.maxDuration()))));
  }

  @Override
  public Future<?> stop() {
    if (admissionControl != null) {
      admissionControl.stop();
    }
    Future<Void> notified = notifications == null ? Future.succeededFuture() : notifications.stop();
    Future<Void> scheduler = notified.compose(v -> activation == null ? Future.succeededFuture() : activation.stop());
    return scheduler.andThen(v -> {
      if (nefClient != null) {
        nefClient.close();
      }
    }).compose(v -> simulatedNef == null ? Future.succeededFuture() : simulatedNef.close())
        .compose(v -> store == null ? Future.succeededFuture() : store.close());
  }

  /** @return the port the server listens on, once started */
  public int actualPort() {
    return server.actualPort();
  }

  /** @return the simulated NEF, or null when the NEF is remote */
  public SimulatedNef simulatedNef() {
    return simulatedNef;
  }

  /** @return the activation scheduler, once started */
  public Activation activation() {
    return activation;
  }

  /** @return the notifier */
  public Notifications notifications() {
    return notifications;
  }

  /** @return the booking engine */
  public BookingEngine engine() {
    return engine;
  }
}
