package io.qosb.booking;

import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The engine over a real H2 in-memory store, with a clock tests move by hand. */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
abstract class EngineTestBase {

  static final Instant NOW = Instant.parse("2030-01-01T08:00:00Z");
  static final Instant START = NOW.plus(Duration.ofHours(2));
  static final Caller APP = Caller.twoLegged("app-1");
  static final Caller OTHER_APP = Caller.twoLegged("app-2");
  static final String UNKNOWN_PHONE = "+34699999999";
  static final String INELIGIBLE_PHONE = "+34699999998";
  static final ProfileRules PROFILES = ProfileRules.of(Map.of(
      "QOS_L", ProfileRules.Limits.ANY,
      "QOS_SHORT", new ProfileRules.Limits(true, Duration.ofSeconds(60), Duration.ofSeconds(600)),
      "QOS_OLD", new ProfileRules.Limits(false, null, null)));

  Store store;
  MutableClock clock;
  BookingEngine engine;

  @BeforeAll
  void openStore(Vertx vertx, VertxTestContext ctx) {
    Store.open(vertx, "h2:mem:engine_" + UUID.randomUUID().toString().replace("-", ""))
        .onComplete(ctx.succeeding(s -> {
          store = s;
          ctx.completeNow();
        }));
  }

  @AfterAll
  void closeStore(VertxTestContext ctx) {
    store.close().onComplete(ctx.succeedingThenComplete());
  }

  @BeforeEach
  void newEngine() {
    clock = new MutableClock(NOW);
    engine = engine(DeviceDirectory.open(), BookingPolicy.withMinLeadTime(Duration.ofMinutes(5)));
  }

  BookingEngine engine(DeviceDirectory directory, BookingPolicy policy) {
    return new BookingEngine(store.bookings(), directory, PROFILES, clock, policy);
  }

  /** A directory knowing only the given phone numbers (eligible), plus one ineligible subscriber. */
  static DeviceDirectory listed(String... phones) {
    List<DeviceDirectory.Entry> entries = new java.util.ArrayList<>();
    for (String p : phones) {
      entries.add(new DeviceDirectory.Entry(p, null, null, true));
    }
    entries.add(new DeviceDirectory.Entry(INELIGIBLE_PHONE, null, null, false));
    return DeviceDirectory.listed(entries, EnumSet.allOf(Device.Type.class));
  }

  static NewBooking qba(int devices) {
    return Bookings.qba(START, 3600, devices);
  }

  static NewBooking qb(Device device) {
    return NewBooking.qb("QOS_L", START.toString(), 3600, Bookings.circle(), device, FlowSpec.NONE, null, null);
  }

  Future<Booking> createQba(int devices) {
    return engine.createBooking(APP, qba(devices));
  }

  /** Succeeds if the future failed with the CAMARA status and code. */
  static Future<Void> fails(Future<?> f, int status, String code) {
    return f.transform(ar -> {
      if (ar.succeeded()) {
        return Future.failedFuture(new AssertionError("expected " + status + " " + code + " but succeeded: " + ar.result()));
      }
      if (!(ar.cause() instanceof CamaraException e)) {
        return Future.failedFuture(new AssertionError("expected CamaraException", ar.cause()));
      }
      return Future.<Void>succeededFuture().map(v -> {
        assertThat(e.status() + " " + e.code()).isEqualTo(status + " " + code);
        return null;
      });
    });
  }

  static void done(Future<?> f, VertxTestContext ctx) {
    f.onComplete(ctx.succeedingThenComplete());
  }
}
