package io.qosb.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.qosb.booking.Api;
import io.qosb.booking.Booking;
import io.qosb.booking.BookingEngine;
import io.qosb.booking.BookingPolicy;
import io.qosb.booking.Bookings;
import io.qosb.booking.Caller;
import io.qosb.booking.Device;
import io.qosb.booking.DeviceDirectory;
import io.qosb.booking.FlowSpec;
import io.qosb.booking.NewBooking;
import io.qosb.booking.ProfileRules;
import io.qosb.booking.SinkCredential;
import io.qosb.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A store, the notifier over it (worker started) and a booking engine on the observed repository:
 * the production graph of AdapterVerticle without HTTP, with short timings.
 */
final class NotifyFixture {

  static final Caller APP = Caller.twoLegged("app-1");
  static final byte[] KEY = randomKey();

  final Store store;
  final Notifications notifications;
  final BookingEngine engine;
  final PrometheusMeterRegistry registry;

  private NotifyFixture(Store store, Notifications notifications, BookingEngine engine, PrometheusMeterRegistry registry) {
    this.store = store;
    this.notifications = notifications;
    this.engine = engine;
    this.registry = registry;
  }

  /** Test timings: poll 50 ms, lease 4 s, timeout 1 s, backoff 20..100 ms; loopback sinks, any certificate. */
  static NotifyConfig config() {
    return NotifyConfig.defaults("https://adapter.test", KEY, "config/dev/signing-key.json")
        .withTimings(Duration.ofMillis(50), Duration.ofSeconds(4), Duration.ofSeconds(1), Duration.ofHours(24),
            Duration.ofMillis(20), Duration.ofMillis(100))
        .withSinkRelaxations(true, true);
  }

  static Future<NotifyFixture> open(Vertx vertx, String url, String schema, NotifyConfig config, Clock clock,
      boolean startWorker) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    return Store.open(vertx, url, schema, Notifications.cipher(config))
        .compose(store -> Notifications.create(vertx, store, registry, clock, config).map(n -> {
          BookingEngine engine = new BookingEngine(n.observe(store.bookings()), DeviceDirectory.open(),
              ProfileRules.of(Map.of("QOS_L", ProfileRules.Limits.ANY)), Clock.systemUTC(), BookingPolicy.defaults());
          if (startWorker) {
            n.start();
          }
          return new NotifyFixture(store, n, engine, registry);
        }));
  }

  Future<Void> close() {
    return notifications.stop().compose(v -> store.close());
  }

  /** An ACCESSTOKEN credential valid until the given time. */
  static SinkCredential accessToken(String token, Instant expires) {
    return new SinkCredential(new JsonObject().put("credentialType", "ACCESSTOKEN").put("accessToken", token)
        .put("accessTokenExpiresUtc", expires.toString()).put("accessTokenType", "bearer").encode());
  }

  static NewBooking qb(Device device, String sink, SinkCredential credential) {
    return NewBooking.qb("QOS_L", start().toString(), 3600, Bookings.circle(), device, FlowSpec.NONE, sink, credential);
  }

  static NewBooking qba(int devices, String sink, SinkCredential credential) {
    return NewBooking.qba("QOS_L", start().toString(), 3600, Bookings.circle(), devices, sink, credential);
  }

  private static Instant start() {
    return Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  Future<Booking> createQb(String sink, SinkCredential credential) {
    return engine.createBooking(APP, qb(Bookings.newDevice(), sink, credential));
  }

  /**
   * Polls the condition every 20 ms on the calling (test) thread until it holds, for at most the
   * given time; the condition may block on futures.
   *
   * @throws AssertionError if it does not hold in time
   */
  static void eventually(Duration within, BooleanSupplier condition) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + within);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /** Waits a short while so that anything wrongly sent would have arrived. */
  static Future<Void> quietFor(Vertx vertx, Duration d) {
    io.vertx.core.Promise<Void> p = io.vertx.core.Promise.promise();
    vertx.setTimer(d.toMillis(), id -> p.complete());
    return p.future();
  }

  /** The value of a counter in the Prometheus scrape, 0 when absent. */
  double meter(String name, String tag, String value) {
    for (String line : registry.scrape().split("\n")) {
      if (line.startsWith(name + "{") && line.contains(tag + "=\"" + value + "\"")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  /** States of the outbox rows of a booking, in order. */
  Future<List<String>> outboxStates(java.util.UUID bookingId) {
    return store.pool().preparedQuery(store.dialect().placeholders(
            "SELECT state FROM outbox_event WHERE booking_id = ? ORDER BY seq"))
        .execute(io.vertx.sqlclient.Tuple.of(bookingId.toString()))
        .map(rows -> {
          List<String> out = new java.util.ArrayList<>();
          rows.forEach(r -> out.add(r.getString(0)));
          return out;
        });
  }

  static void assertBearer(TestSink.Received r, String token) {
    assertThat(r.headers().get("authorization")).isEqualTo("Bearer " + token);
  }

  static String api(Api api) {
    return api.name();
  }

  private static byte[] randomKey() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return k;
  }
}
