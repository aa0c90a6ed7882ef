package io.qosb.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.booking.NewBooking;
import io.qosb.booking.Bookings;
import io.qosb.store.NefSubscriptionRecord;
import io.qosb.store.SubscriptionState;
import io.qosb.store.TestDatabases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 15 item 11: with the real clock, a lease of 1 s and a sweep every 200 ms, a NEF that answers
 * a create after 2.5 s outlasts the lease of the job that called it; the lease is renewed while the
 * call runs, so the replica's own sweep does not claim and run the job a second time.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class LeaseRenewalTest {

  static final String SLOW = "{\"latency\": \"PT2.5S\", \"notifications\": {\"enabled\": false}}";

  /** Verifies that a job whose NEF call outlasts its lease posts once and ends ACTIVE. */
  @Test
  void testJobOutlastingItsLeaseRunsOnce(Vertx vertx, VertxTestContext ctx) {
    JsonObject shortLease = Harness.DRIVEN.copy().put("sweepInterval", "PT0.2S").put("leaseDuration", "PT1S");
    Harness.create(vertx, Clock.systemUTC(), TestDatabases.newH2Url(), null, SLOW,
            new JsonObject().put("timeout", "PT10S"), shortLease)
        .compose(h -> {
          Instant start = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
          NewBooking req = NewBooking.qb("QOS_L", start.toString(), 600, Bookings.circle(),
              Harness.ipv4("198.51.100.90"), null, null, null);
          int[] before = new int[1];
          return h.activation.start()
              .compose(v -> {
                before[0] = h.sim.requests().size();
                return h.engine.createBooking(Harness.APP, req);
              })
              .compose(b -> Harness.eventually(vertx, 10_000, () -> h.records(b.id())
                      .map(r -> r.size() == 1 && r.get(0).state() == SubscriptionState.ACTIVE))
                  // three more lease lengths in which a second claim would post again
                  .compose(v -> Future.<Void>future(p -> vertx.setTimer(3000, id -> p.complete())))
                  .compose(v -> h.records(b.id())))
              .map((List<NefSubscriptionRecord> records) -> {
                // a second run of the job would post again or, seeing the first run's intent, list the NEF
                assertThat(h.sim.requests().subList(before[0], h.sim.requests().size()))
                    .as("one NEF call, the POST: the job was not claimed again while its call ran")
                    .extracting(r -> r.method()).containsExactly("POST");
                assertThat(h.sim.totalCreates()).isEqualTo(1);
                assertThat(records).extracting(NefSubscriptionRecord::state).containsExactly(SubscriptionState.ACTIVE);
                return null;
              })
              .eventually(h::close);
        }).onComplete(ctx.succeedingThenComplete());
  }
}
