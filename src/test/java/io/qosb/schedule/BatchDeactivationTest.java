package io.qosb.schedule;

import static io.qosb.schedule.BatchActivationTest.requests;
import static io.qosb.schedule.BatchActivationTest.startedBooking;
import static io.qosb.schedule.Harness.DURATION_S;
import static io.qosb.schedule.Harness.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.booking.Assignment;
import io.qosb.booking.AssignmentState;
import io.qosb.booking.Booking;
import io.qosb.store.NefSubscriptionRecord;
import io.qosb.store.SubscriptionState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deactivations run as batches: what a user and an operator see when the devices of a booking are
 * torn down together at its end and one DELETE fails, or the process dies in the middle of a batch.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class BatchDeactivationTest {

  /** The harness of this class's database (H2 here, PostgreSQL in the subclass). */
  Future<Harness> harness(Vertx vertx, String simScenario, JsonObject nefExtra) {
    return Harness.h2(vertx, simScenario, nefExtra);
  }

  private void scenario(Vertx vertx, VertxTestContext ctx, String simScenario, JsonObject nefExtra,
      Function<Harness, Future<?>> test) {
    harness(vertx, simScenario, nefExtra).compose(h -> test.apply(h).eventually(h::close))
        .onComplete(ctx.succeedingThenComplete());
  }

  /** A booking of n devices whose subscriptions are active, with the clock at its end. */
  private static Future<Booking> endedBooking(Harness h, int n) {
    return startedBooking(h, n).compose(b -> h.activation.runDueJobs().map(ran -> {
      assertThat(h.sim.subscriptions()).hasSize(n);
      h.at(START.plusSeconds(DURATION_S));
      return b;
    }));
  }

  private static double runs(Harness h, String kind, String result) {
    var counter = h.registry.find(ActivationMetrics.METER_RUNS).tag("kind", kind).tag("result", result).counter();
    return counter == null ? 0 : counter.count();
  }

  /** Verifies that the end of a booking of 20 devices makes exactly one DELETE per device and no list. */
  @Test
  void testEndMakesOneDeletePerDevice(Vertx vertx, VertxTestContext ctx) {
    scenario(vertx, ctx, ActivationTest.QUIET, new JsonObject(), h -> endedBooking(h, 20)
        .compose(b -> h.activation.runDueJobs().compose(ran -> Future.all(h.assignments(b.id()), h.records(b.id()))
            .map(all -> {
              assertThat(ran).as("the END job and 20 deactivations").isEqualTo(21);
              assertThat(requests(h, "DELETE")).isEqualTo(20);
              assertThat(requests(h, "GET")).as("every URL is known: no list").isZero();
              assertThat(h.sim.subscriptions()).isEmpty();
              assertThat(all.<List<Assignment>>resultAt(0)).extracting(Assignment::state).hasSize(20)
                  .containsOnly(AssignmentState.RELEASED);
              assertThat(all.<List<NefSubscriptionRecord>>resultAt(1)).extracting(NefSubscriptionRecord::state)
                  .hasSize(20).containsOnly(SubscriptionState.DELETED);
              assertThat(runs(h, "deactivate", "done")).isEqualTo(20);
              assertThat(h.gauge(ActivationMetrics.METER_PENDING)).isZero();
              return null;
            }))));
  }

  /**
   * Verifies that when the NEF answers 500 to one DELETE of a batch the others are recorded DELETED at
   * once, and the failed device alone is retried after the backoff and then deleted.
   */
  @Test
  void testOneFailedDeleteIsRetriedAlone(Vertx vertx, VertxTestContext ctx) {
    String oneFault = "{\"notifications\": {\"enabled\": false}, \"faults\": [{\"operation\": \"delete\", \"status\": 500}]}";
    JsonObject noClientRetry = new JsonObject().put("retry", new JsonObject().put("maxAttempts", 1));
    scenario(vertx, ctx, oneFault, noClientRetry, h -> endedBooking(h, 5).compose(b -> h.activation.runDueJobs()
        .compose(v -> h.records(b.id()))
        .compose(records -> {
          assertThat(requests(h, "DELETE")).isEqualTo(5);
          assertThat(h.sim.subscriptions()).hasSize(1);
          assertThat(records).extracting(NefSubscriptionRecord::state).containsExactlyInAnyOrder(
              SubscriptionState.DELETED, SubscriptionState.DELETED, SubscriptionState.DELETED, SubscriptionState.DELETED,
              SubscriptionState.PENDING_DELETE);
          assertThat(runs(h, "deactivate", "done")).isEqualTo(4);
          assertThat(runs(h, "deactivate", "retried")).isEqualTo(1);
          h.mutableClock().advance(Duration.ofSeconds(2));
          return h.activation.runDueJobs();
        })
        .compose(ran -> h.records(b.id()).map(records -> {
          assertThat(ran).as("only the failed device").isEqualTo(1);
          assertThat(requests(h, "DELETE")).isEqualTo(6);
          assertThat(h.sim.subscriptions()).isEmpty();
          assertThat(records).extracting(NefSubscriptionRecord::state).hasSize(5).containsOnly(SubscriptionState.DELETED);
          assertThat(runs(h, "deactivate", "failed")).isZero();
          return null;
        }))));
  }

  /**
   * Verifies that a process dying after a batch's PENDING_DELETE transaction but before its DELETEs is
   * followed, once the leases ran out, by the deletion of every subscription, each with one DELETE,
   * and no job retried or given up.
   */
  @Test
  void testCrashBeforeBatchDeletesIsCompleted(Vertx vertx, VertxTestContext ctx) {
    scenario(vertx, ctx, ActivationTest.QUIET, new JsonObject(), h -> endedBooking(h, 6).compose(b -> {
      CrashingNef crashing = new CrashingNef(h.client, CrashingNef.Point.BEFORE_DELETE);
      h.restart(crashing).runDueJobs();
      return crashing.crashed()
          .compose(v -> h.records(b.id()))
          .compose(records -> {
            assertThat(records).extracting(NefSubscriptionRecord::state).hasSize(6)
                .containsOnly(SubscriptionState.PENDING_DELETE);
            assertThat(h.sim.subscriptions()).hasSize(6);
            h.mutableClock().advance(Duration.ofSeconds(31));
            return h.restart(h.client).runDueJobs();
          })
          .compose(ran -> h.records(b.id()).map(records -> {
            assertThat(ran).as("the 6 deactivations taken over").isEqualTo(6);
            assertThat(h.sim.subscriptions()).isEmpty();
            assertThat(requests(h, "DELETE")).as("one DELETE per device").isEqualTo(6);
            assertThat(records).extracting(NefSubscriptionRecord::state).hasSize(6)
                .containsOnly(SubscriptionState.DELETED);
            assertThat(runs(h, "deactivate", "retried")).isZero();
            assertThat(runs(h, "deactivate", "failed")).isZero();
            return null;
          }));
    }));
  }

  /**
   * Verifies that subscriptions whose creation was never recorded (the process died after the POSTs)
   * are found with one list for the whole batch when the booking ends, and each deleted once.
   */
  @Test
  void testUnrecordedSubscriptionsAreFoundWithOneList(Vertx vertx, VertxTestContext ctx) {
    scenario(vertx, ctx, ActivationTest.QUIET, new JsonObject(), h -> startedBooking(h, 4).compose(b -> {
      CrashingNef crashing = new CrashingNef(h.client, CrashingNef.Point.AFTER_POST);
      h.restart(crashing).runDueJobs();
      return crashing.crashed()
          .compose(v -> Harness.eventually(h.vertx, 2000, () -> Future.succeededFuture(h.sim.totalCreates() == 4)))
          .compose(v -> {
            // the window closes while the leases of the dead process run out
            h.at(START.plusSeconds(DURATION_S).plusSeconds(31));
            return h.restart(h.client).runDueJobs();
          })
          .compose(ran -> h.records(b.id()).map(records -> {
            assertThat(requests(h, "GET")).as("one list for the batch").isEqualTo(1);
            assertThat(requests(h, "DELETE")).isEqualTo(4);
            assertThat(h.sim.subscriptions()).isEmpty();
            assertThat(records).extracting(NefSubscriptionRecord::state).hasSize(4)
                .containsOnly(SubscriptionState.DELETED);
            assertThat(runs(h, "deactivate", "done")).isEqualTo(4);
            return null;
          }));
    }));
  }
}
