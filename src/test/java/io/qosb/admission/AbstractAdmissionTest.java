package io.qosb.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qosb.booking.Api;
import io.qosb.booking.Booking;
import io.qosb.booking.BookingEngine;
import io.qosb.booking.BookingEvent;
import io.qosb.booking.BookingPolicy;
import io.qosb.booking.BookingState;
import io.qosb.booking.Bookings;
import io.qosb.booking.Caller;
import io.qosb.booking.CamaraException;
import io.qosb.booking.Device;
import io.qosb.booking.DeviceDirectory;
import io.qosb.booking.FlowSpec;
import io.qosb.booking.MutableClock;
import io.qosb.booking.NewBooking;
import io.qosb.booking.ProfileRules;
import io.qosb.booking.ServiceArea;
import io.qosb.booking.TerminationReason;
import io.qosb.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Admission through the booking engine on a real database (H2 or PostgreSQL by subclass). Zone
 * {@code arena} (1 km around 50.0, 7.0) holds 5 QOS_L devices; outside every zone, 3 QOS_M devices.
 * Each test books its own day, so tests do not see each other's bookings.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
abstract class AbstractAdmissionTest {

  static final Instant NOW = Instant.parse("2030-01-01T08:00:00Z");
  static final Caller APP = Caller.twoLegged("app-1");
  static final CapacityModel MODEL = CapacityModel.from(new JsonObject("""
      {"outside": {"QOS_M": 3},
       "zones": [{"name": "arena", "limits": {"QOS_L": 5},
                  "area": {"areaType": "CIRCLE", "center": {"latitude": 50.0, "longitude": 7.0}, "radius": 1000}}]}
      """), List.of("QOS_L", "QOS_M"));

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final CapacityMetrics metrics = new CapacityMetrics(registry, MODEL);
  final MutableClock clock = new MutableClock(NOW);
  Store store;
  CapacityAdmission admission;
  BookingEngine engine;

  /** Opens a store on this class's database; each call is one more replica. */
  abstract Future<Store> openStore(Vertx vertx);

  /** Drops this class's database. */
  abstract Future<Void> dropDatabase(Vertx vertx);

  @BeforeAll
  void open(Vertx vertx, VertxTestContext ctx) {
    openStore(vertx).compose(s -> {
      store = s;
      return CapacityAdmission.create(s, MODEL, metrics);
    }).onComplete(ctx.succeeding(a -> {
      admission = a;
      engine = engine(store, a);
      ctx.completeNow();
    }));
  }

  @AfterAll
  void close(Vertx vertx, VertxTestContext ctx) {
    Future<Void> closed = store == null ? Future.succeededFuture() : store.close();
    closed.compose(v -> dropDatabase(vertx)).onComplete(ctx.succeedingThenComplete());
  }

  BookingEngine engine(Store s, CapacityAdmission a) {
    ProfileRules profiles = ProfileRules.of(Map.of("QOS_L", ProfileRules.Limits.ANY, "QOS_M", ProfileRules.Limits.ANY));
    return new BookingEngine(s.bookings(), DeviceDirectory.open(), profiles, clock, BookingPolicy.defaults(), a);
  }

  /** The start of test day {@code n}. */
  static Instant day(int n) {
    return NOW.plus(Duration.ofDays(n));
  }

  static ServiceArea circle(double lat, double lon, int radius) {
    return ServiceArea.fromJson(new JsonObject().put("areaType", "CIRCLE").put("radius", radius)
        .put("center", new JsonObject().put("latitude", lat).put("longitude", lon)), Api.QBA);
  }

  /** A QBA booking of {@code devices} QOS_L devices in the arena. */
  static NewBooking arena(Instant start, long seconds, int devices) {
    return NewBooking.qba("QOS_L", start.toString(), seconds, circle(50.0, 7.0, 200), devices, null, null);
  }

  static NewBooking qbInArena(Instant start, long seconds, Device device) {
    return NewBooking.qb("QOS_L", start.toString(), seconds, circle(50.0, 7.0, 200), device, FlowSpec.NONE, null, null);
  }

  Future<Booking> create(NewBooking req) {
    return engine.createBooking(APP, req);
  }

  /** Succeeds with the CamaraException the future failed with; fails if it succeeded. */
  static Future<CamaraException> refusal(Future<?> f) {
    return f.transform(ar -> ar.succeeded()
        ? Future.failedFuture(new AssertionError("expected a refusal, got " + ar.result()))
        : ar.cause() instanceof CamaraException e ? Future.succeededFuture(e)
        : Future.failedFuture(new AssertionError("expected a CamaraException", ar.cause())));
  }

  static boolean declined(Booking b) {
    return b.status().state() == BookingState.TERMINATED && b.status().reason() == TerminationReason.BOOKING_DECLINED;
  }

  double counter(String outcome, String zone) {
    var c = registry.find(CapacityMetrics.DECISIONS).tag("outcome", outcome).tag("zone", zone).counter();
    return c == null ? 0 : c.count();
  }
}
