package io.qosb.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.booking.Api;
import io.qosb.booking.Booking;
import io.qosb.booking.NewBooking;
import io.qosb.booking.Bookings;
import io.qosb.store.TestDatabases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With the real clock and real timers, and a sweep far too slow to help: a job fires within one
 * second of its due time (near-job timer), and a job written now (deletion) runs at once (commit signal).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class RealTimeActivationTest {

  /** Verifies that activation at the start time and teardown after deletion each happen within a second. */
  @Test
  void testJobsFireWithinOneSecond(Vertx vertx, VertxTestContext ctx) {
    JsonObject slowSweep = Harness.DRIVEN.copy().put("sweepInterval", "PT5S");
    Harness.create(vertx, Clock.systemUTC(), TestDatabases.newH2Url(), null, ActivationTest.QUIET, new JsonObject(), slowSweep)
        .compose(h -> {
          Instant start = Instant.now().plusMillis(1500).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
          NewBooking req = NewBooking.qb("QOS_L", start.toString(), 60, Bookings.circle(),
              Harness.ipv4("198.51.100.60"), null, null, null);
          return h.activation.start()
              .compose(v -> h.engine.createBooking(Harness.APP, req))
              .compose(b -> Harness.eventually(vertx, 4000, () -> Future.succeededFuture(h.sim.subscriptions().size() == 1))
                  .map(v -> {
                    Instant posted = h.sim.requests().stream().filter(r -> r.method().equals("POST")).findFirst().orElseThrow().at();
                    Duration lag = Duration.between(start, posted);
                    assertThat(lag).isBetween(Duration.ZERO, Duration.ofSeconds(1));
                    return b;
                  }))
              .compose((Booking b) -> {
                Instant deleted = Instant.now();
                return h.engine.deleteBooking(Harness.APP, Api.QB, b.id())
                    .compose(x -> Harness.eventually(vertx, 2000, () -> Future.succeededFuture(h.sim.subscriptions().isEmpty())))
                    .map(v -> {
                      assertThat(Duration.between(deleted, Instant.now())).isLessThan(Duration.ofSeconds(1));
                      return null;
                    });
              })
              .eventually(h::close);
        }).onComplete(ctx.succeedingThenComplete());
  }
}
