package io.qosb.schedule;

import io.micrometer.core.instrument.MeterRegistry;
import io.qosb.booking.BookingEngine;
import io.qosb.booking.Device;
import io.qosb.nef.BatchActivator;
import io.qosb.nef.BatchDeactivator;
import io.qosb.nef.NefApi;
import io.qosb.nef.NefCallbacks;
import io.qosb.nef.NefConfig;
import io.qosb.nef.NetworkEventListener;
import io.qosb.nef.NetworkEventProcessor;
import io.qosb.nef.NotificationTokens;
import io.qosb.nef.Reconciler;
import io.qosb.nef.SubscriptionManager;
import io.qosb.nef.SubscriptionMapper;
import io.qosb.profiles.ProfileCatalog;
import io.qosb.profiles.QosProfile;
import io.qosb.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled activation of bookings on the NEF, for the composition root: the scheduler of durable
 * jobs, reconciliation with the NEF, housekeeping of expired bookings and the NEF callback endpoint.
 *
 * <pre>
 * Activation activation = new Activation(vertx, store, engine, nefClient, nefConfig, catalog, registry, clock,
 *     ScheduleOptions.fromJson(config.getJsonObject("schedule")));
 * activation.mount(rootRouter);                       // POST {path of nef.notificationUrl}/:token
 * readiness.register("nef", activation::nefReady);
 * activation.start();                                 // reconciles, then starts the timers
 * </pre>
 */
public final class Activation {

  private static final Logger LOG = LoggerFactory.getLogger(Activation.class);

  private final Vertx vertx;
  private final BookingEngine engine;
  private final NefApi nef;
  private final Store store;
  private final Clock clock;
  private final ScheduleOptions options;
  private final Scheduler scheduler;
  private final Reconciler reconciler;
  private final NefCallbacks callbacks;
  private long reconcileTimer = -1;
  private boolean reconciling;
  private long housekeepingTimer = -1;

  /** Like the full constructor, with network events recorded but not relayed. */
  public Activation(Vertx vertx, Store store, BookingEngine engine, NefApi nef, NefConfig nefConfig,
      ProfileCatalog catalog, MeterRegistry registry, Clock clock, ScheduleOptions options) {
    this(vertx, store, engine, nef, nefConfig, catalog, registry, clock, options, NetworkEventListener.none());
  }

  /**
   * @param nef the NEF client ({@link io.qosb.nef.NefClient})
   * @param listener receives every network event after it was applied (the event relay)
   * @throws NullPointerException if an argument is null
   */
  public Activation(Vertx vertx, Store store, BookingEngine engine, NefApi nef, NefConfig nefConfig,
      ProfileCatalog catalog, MeterRegistry registry, Clock clock, ScheduleOptions options,
      NetworkEventListener listener) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.store = Objects.requireNonNull(store, "store");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.nef = Objects.requireNonNull(nef, "nef");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.options = Objects.requireNonNull(options, "options");
    Objects.requireNonNull(catalog, "catalog");
    NotificationTokens tokens = new NotificationTokens(nefConfig.notificationUrl());
    SubscriptionMapper mapper = new SubscriptionMapper(nefConfig.dialect(),
        name -> catalog.get(name).map(QosProfile::qosReference), tokens);
    SubscriptionManager subscriptions = new SubscriptionManager(tokens);
    BatchDeactivator deactivator = new BatchDeactivator(store.activation(), nef, subscriptions, clock);
    BatchActivator activator = new BatchActivator(store.activation(), nef, mapper, tokens, subscriptions, deactivator,
        clock);
    ActivationMetrics metrics = new ActivationMetrics(registry);
    String owner = "sched-" + UUID.randomUUID();
    this.scheduler = new Scheduler(vertx, store.activation(),
        new JobRunner(store.activation(), subscriptions, activator, deactivator, metrics, options, owner, clock), options, clock,
        metrics, owner);
    this.reconciler = new Reconciler(vertx, store.activation(), nef, subscriptions, activator, deactivator, tokens, clock,
        registry);
    this.callbacks = new NefCallbacks(vertx, store.activation(),
        tokens, new NetworkEventProcessor(store.activation(), Objects.requireNonNull(listener, "listener"), clock));
  }

  /**
   * The device identifier types the NEF accepts: give them to the {@code DeviceDirectory} so that a
   * phone-number-only device is refused with 422 UNSUPPORTED_IDENTIFIER when the NEF has no gpsi.
   */
  public static Set<Device.Type> supportedDeviceTypes(NefConfig nefConfig) {
    return SubscriptionMapper.supportedTypes(nefConfig.dialect());
  }

  /**
   * Reconciles with the NEF (a failure is logged; the periodic pass repeats it), then starts the
   * scheduler, the reconciliation timer and the housekeeping timer. Call on a Vert.x context.
   */
  public Future<Void> start() {
    return reconcile().otherwise(e -> {
      LOG.warn("startup reconciliation failed, repeated every {} [cause: {}]", options.reconcileInterval(), e.getMessage());
      return 0;
    }).map(n -> {
      scheduler.start();
      reconcileTimer = vertx.setPeriodic(options.reconcileInterval().toMillis(), id -> periodicReconcile(
          options.reconcileInterval().multipliedBy(3).dividedBy(4)));
      housekeepingTimer = vertx.setPeriodic(options.sweepInterval().toMillis(), id -> housekeeping()
          .onFailure(e -> LOG.warn("housekeeping failed: {}", e.getMessage())));
      LOG.info("activation started [sweep: {}, reconcile: {}]", options.sweepInterval(), options.reconcileInterval());
      return null;
    });
  }

  /** Stops the timers; runs in progress complete. */
  public Future<Void> stop() {
    vertx.cancelTimer(reconcileTimer);
    vertx.cancelTimer(housekeepingTimer);
    return scheduler.stop();
  }

  /** Mounts the NEF callback route {@code POST {path of nef.notificationUrl}/:token} on the root router. */
  public void mount(Router root) {
    callbacks.mount(root);
  }

  /** The callback router ({@code POST /:token}), to mount under {@link #callbackPath()} + {@code /*}. */
  public Router callbackRouter() {
    return callbacks.router();
  }

  /** The path of {@code nef.notificationUrl}. */
  public String callbackPath() {
    return callbacks.path();
  }

  /**
   * Readiness of the NEF: succeeds at once while the circuit is closed; else lists the subscriptions,
   * the call that lets the breaker probe the NEF and close again.
   */
  public Future<Void> nefReady() {
    return nef.isAvailable() ? Future.succeededFuture() : nef.list().mapEmpty();
  }

  /**
   * Runs the jobs due now (also what the timers do), and waits until the jobs handed off to this
   * scheduler meanwhile have run too; completes with the number claimed and run.
   */
  public Future<Integer> runDueJobs() {
    return scheduler.runDue().compose(n -> scheduler.handOffsIdle().map(n));
  }

  /** One reconciliation pass with the NEF; completes with the number of repairs. */
  public Future<Integer> reconcile() {
    return reconciler.reconcile();
  }

  /**
   * The timer's pass (given three quarters of {@code schedule.reconcileInterval}): a NEF that cannot
   * list is read subscription by subscription, spread over {@code spreadOver}; a tick that finds the
   * previous pass still running is skipped and completes with 0.
   */
  Future<Integer> periodicReconcile(java.time.Duration spreadOver) {
    if (reconciling) {
      LOG.debug("reconciliation still running, tick skipped");
      return Future.succeededFuture(0);
    }
    reconciling = true;
    return reconciler.reconcile(spreadOver)
        .onFailure(e -> LOG.warn("reconciliation failed: {}", e.getMessage()))
        .onComplete(ar -> reconciling = false);
  }

  /**
   * Marks bookings whose window ended as expired, purges terminated bookings past their retention,
   * and purges finished jobs and records of deleted subscriptions older than {@code schedule.retention}.
   */
  public Future<Void> housekeeping() {
    Instant now = clock.instant();
    return engine.expireDue(now)
        .compose(n -> engine.purgeExpired(now))
        .compose(n -> store.activation().purge(now.minus(options.retention())))
        .mapEmpty();
  }
}
