package io.qosb.notify;

import io.micrometer.core.instrument.MeterRegistry;
import io.qosb.booking.Assignment;
import io.qosb.booking.Booking;
import io.qosb.booking.BookingRepository;
import io.qosb.booking.BookingRepository.BookingTx;
import io.qosb.booking.OutboxEntry;
import io.qosb.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifications to consumers' sinks (issue 7), for the composition root: the repository decorator
 * that writes events with the changes, the request-time sink guard, the delivery worker and the
 * JWKS of the PRIVATE_KEY_JWT signing key.
 *
 * <pre>
 * Notifications n = Notifications.create(vertx, store, registry, clock, config).await();
 * BookingEngine engine = new BookingEngine(n.observe(store.bookings()), ...);
 * new BookingAndAssignmentApi(engine, clock, n.guard());
 * n.mountJwks(router);
 * n.start();
 * </pre>
 */
public final class Notifications {

  private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);

  private final NotifyConfig config;
  private final Clock clock;
  private final ProviderKey key;
  private final SinkGuard guard;
  private final SinkClient client;
  private final NotifyMetrics metrics;
  private final Events events;
  private final DeliveryWorker worker;

  private Notifications(Vertx vertx, Store store, MeterRegistry registry, Clock clock, NotifyConfig config,
      ProviderKey key) {
    this.config = config;
    this.clock = clock;
    this.key = key;
    this.guard = new SinkGuard(vertx, config.dnsServers(), config.dnsTimeout(), config.allowPrivateAddresses());
    this.client = new SinkClient(vertx, guard, config.requestTimeout(), config.trustAll());
    this.metrics = new NotifyMetrics(registry);
    this.events = new Events(config.publicUrl());
    OutboxStore outbox = new OutboxStore(store.pool(), store.dialect(), new CredentialCipher(config.credentialKeys()));
    this.worker = new DeliveryWorker(vertx, outbox, client, new Authorizer(client, key, clock), metrics, clock, config,
        owner());
  }

  /**
   * Loads the signing key and builds the notifier; warns when development keys are in use.
   *
   * @param store the store whose outbox the worker drains; it must seal credentials with
   *     {@link #cipher(NotifyConfig)}
   * @throws NullPointerException if an argument is null
   */
  public static Future<Notifications> create(Vertx vertx, Store store, MeterRegistry registry, Clock clock,
      NotifyConfig config) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(config, "config");
    if (config.devCredentialKey()) {
      LOG.warn("notify.credentialKeys holds the published DEV default key: sink credentials are not protected at rest; "
          + "set QOSB_NOTIFY_CREDENTIAL_KEYS");
    }
    if (config.signingKey().startsWith("config/dev/")) {
      LOG.warn("notify.signingKey is the DEV key [path: {}]: set your own key for PRIVATE_KEY_JWT sinks",
          config.signingKey());
    }
    if (config.allowPrivateAddresses() || config.trustAll()) {
      LOG.warn("test-only sink relaxations are on [allowPrivateAddresses: {}, trustAll: {}]",
          config.allowPrivateAddresses(), config.trustAll());
    }
    return ProviderKey.load(vertx, config.signingKey())
        // built on a worker thread: the first CloudEvents serialisation and TLS client set-up load
        // many classes, which must not stall the event loop at the first delivery
        .compose(key -> vertx.executeBlocking(() -> {
          Notifications n = new Notifications(vertx, store, registry, clock, config, key);
          n.client.warmUp();
          return n;
        }, false));
  }

  /** The cipher that seals sink credentials at rest, for {@code Store.open}. */
  public static CredentialCipher cipher(NotifyConfig config) {
    return new CredentialCipher(config.credentialKeys());
  }

  /** The repository that writes the events of every change in the same transaction. */
  public BookingRepository observe(BookingRepository repository) {
    return new ObservingBookingRepository(repository, events, clock, this::committed);
  }

  /** The sink address guard, for the API's request-time check. */
  public SinkGuard guard() {
    return guard;
  }

  /** Serves the public JWKS of the signing key at {@code notify.jwksPath}. */
  public void mountJwks(Router router) {
    String body = key.publicJwks().encode();
    router.get(config.jwksPath()).handler(rc -> rc.response().putHeader("content-type", "application/json")
        .putHeader("cache-control", "max-age=300").end(body));
  }

  /** Starts the delivery worker on the caller's context. */
  public void start() {
    worker.start();
  }

  /** Stops the worker, waiting for deliveries under way. */
  public Future<Void> stop() {
    return worker.stop().compose(v -> client.close()).compose(v -> guard.close());
  }

  /**
   * For a transaction that does not run through {@link #observe} (e.g. the NEF scheduler's): appends
   * the status event of a booking stored as {@code before} and written as {@code after}, if any.
   */
  public Future<Void> statusChanged(BookingTx tx, Booking before, Booking after) {
    return append(tx, events.statusChanged(before, after, clock.instant()).stream().toList());
  }

  /**
   * For the NEF scheduler, inside its transaction: the devices whose QoS failed in the network
   * (SPEC-NOTES §A-17): {@code assignment-status-changed} FAILURE (no device active) or
   * PARTIAL_SUCCESS, DEVICE_UNKNOWN_ERROR, listing the devices still active.
   *
   * @param booking the booking as stored
   * @param failed the assignments that failed now
   * @param active the assignments still active
   */
  public Future<Void> devicesFailed(BookingTx tx, Booking booking, List<Assignment> failed, List<Assignment> active) {
    return append(tx, events.devicesFailed(booking, failed, active, clock.instant()));
  }

  private Future<Void> append(BookingTx tx, List<OutboxEntry> entries) {
    Future<Void> chain = Future.succeededFuture();
    for (OutboxEntry e : entries) {
      // counted when written: the caller's transaction may still roll back
      chain = chain.compose(v -> tx.appendEvent(e)).onSuccess(v -> metrics.produced(EventType.of(e.type())));
    }
    return chain.onSuccess(v -> {
      if (!entries.isEmpty()) {
        worker.wake();
      }
    });
  }

  private void committed(List<OutboxEntry> entries) {
    entries.forEach(e -> metrics.produced(EventType.of(e.type())));
    worker.wake();
  }

  /** The CloudEvent source of a booking, for tests and logs. */
  String source(Booking b) {
    return events.source(b);
  }

  private static String owner() {
    // orElseGet: the JVM's name costs a lookup of the local host name, which can stall with the system resolver
    String host = Optional.ofNullable(System.getenv("HOSTNAME"))
        .orElseGet(() -> ManagementFactory.getRuntimeMXBean().getName());
    String id = host + "/" + UUID.randomUUID().toString().substring(0, 8);
    return id.length() <= 64 ? id : id.substring(id.length() - 64);
  }
}
