package io.qosb.schedule;

import static io.qosb.schedule.Harness.START;
import static io.qosb.schedule.Harness.ipv4;
import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.booking.Assignment;
import io.qosb.booking.AssignmentState;
import io.qosb.booking.Booking;
import io.qosb.booking.Device;
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
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Activations run as batches: what a user sees when the devices of a booking are activated together
 * and one of them has a problem, or the process dies in the middle of a batch.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class BatchActivationTest {

  /** The harness of this class's database (H2 here, PostgreSQL in the subclass). */
  Future<Harness> harness(Vertx vertx, String simScenario, JsonObject nefExtra) {
    return Harness.h2(vertx, simScenario, nefExtra);
  }

  private void scenario(Vertx vertx, VertxTestContext ctx, String simScenario, JsonObject nefExtra,
      Function<Harness, Future<?>> test) {
    harness(vertx, simScenario, nefExtra).compose(h -> test.apply(h).eventually(h::close))
        .onComplete(ctx.succeedingThenComplete());
  }

  static Device[] devices(int n) {
    return IntStream.range(0, n).mapToObj(i -> ipv4("198.51.100." + (30 + i))).toArray(Device[]::new);
  }

  /** A QBA booking of n devices, assigned, with the clock at its start. */
  static Future<Booking> startedBooking(Harness h, int n) {
    return h.createQba(n).compose(b -> h.assign(b, devices(n)).map(v -> {
      h.at(START);
      return b;
    }));
  }

  static long requests(Harness h, String method) {
    return h.sim.requests().stream().filter(r -> r.method().equals(method)).count();
  }

  /**
   * Verifies that bookings starting in the same second, claimed as one batch, all become ACTIVE and
   * every device of each gets its subscription once (their START runs as one transaction, issue 16).
   */
  @Test
  void testBookingsStartingTogetherAreAllStartedAndEveryDeviceActivated(Vertx vertx, VertxTestContext ctx) {
    int bookings = 6;
    int perBooking = 3;
    scenario(vertx, ctx, ActivationTest.QUIET, new JsonObject(), h -> {
      List<Booking> created = new java.util.ArrayList<>();
      Future<Void> setup = Future.succeededFuture();
      for (int i = 0; i < bookings; i++) {
        int first = 60 + i * perBooking;
        setup = setup.compose(v -> h.createQba(perBooking)).compose(b -> {
          created.add(b);
          return h.assign(b, IntStream.range(0, perBooking).mapToObj(k -> ipv4("198.51.100." + (first + k)))
              .toArray(Device[]::new));
        });
      }
      return setup.compose(v -> {
        h.at(START);
        return h.activation.runDueJobs();
      }).compose(ran -> Future.all(created.stream().map(b -> h.booking(b.id())).toList())
          .compose(read -> Future.all(created.stream().map(b -> h.assignments(b.id())).toList()).map(all -> {
            assertThat(ran).as("6 STARTs and 18 activations").isEqualTo(bookings + bookings * perBooking);
            for (int i = 0; i < bookings; i++) {
              assertThat(read.<Booking>resultAt(i).status().state()).isEqualTo(io.qosb.booking.BookingState.ACTIVE);
              assertThat(all.<List<Assignment>>resultAt(i)).extracting(Assignment::state).hasSize(perBooking)
                  .containsOnly(AssignmentState.ACTIVE);
            }
            assertThat(requests(h, "POST")).isEqualTo(bookings * perBooking);
            assertThat(h.sim.subscriptions()).hasSize(bookings * perBooking);
            return null;
          })));
    });
  }

  /** Verifies that a batch of 20 devices makes exactly one POST per device, no list, and completes every job. */
  @Test
  void testBatchMakesOneRequestPerDevice(Vertx vertx, VertxTestContext ctx) {
    scenario(vertx, ctx, ActivationTest.QUIET, new JsonObject(), h -> startedBooking(h, 20)
        .compose(b -> h.activation.runDueJobs().compose(ran -> Future.all(h.assignments(b.id()), h.records(b.id()))
            .map(all -> {
              assertThat(ran).as("the START job and 20 activations").isEqualTo(21);
              assertThat(requests(h, "POST")).isEqualTo(20);
              assertThat(requests(h, "GET")).as("no list without an earlier attempt").isZero();
              assertThat(h.sim.subscriptions()).hasSize(20);
              assertThat(all.<List<Assignment>>resultAt(0)).extracting(Assignment::state).hasSize(20)
                  .containsOnly(AssignmentState.ACTIVE);
              assertThat(all.<List<NefSubscriptionRecord>>resultAt(1)).extracting(NefSubscriptionRecord::state)
                  .hasSize(20).containsOnly(SubscriptionState.ACTIVE);
              assertThat(h.registry.get(ActivationMetrics.METER_LAG).timer().count()).isEqualTo(20);
              assertThat(h.gauge(ActivationMetrics.METER_PENDING)).as("only the END job").isEqualTo(1);
              return null;
            }))));
  }

  /**
   * Verifies that when the NEF answers 500 to one device of a batch the others become ACTIVE at once,
   * and the failed one is retried after the backoff and then activated.
   */
  @Test
  void testOneFailedPostIsRetriedAlone(Vertx vertx, VertxTestContext ctx) {
    String oneFault = "{\"notifications\": {\"enabled\": false}, \"faults\": [{\"operation\": \"create\", \"status\": 500}]}";
    JsonObject noClientRetry = new JsonObject().put("retry", new JsonObject().put("maxAttempts", 1));
    scenario(vertx, ctx, oneFault, noClientRetry, h -> startedBooking(h, 5).compose(b -> h.activation.runDueJobs()
        .compose(v -> Future.all(h.assignments(b.id()), h.records(b.id())))
        .compose(all -> {
          assertThat(requests(h, "POST")).isEqualTo(5);
          assertThat(h.sim.subscriptions()).hasSize(4);
          assertThat(all.<List<Assignment>>resultAt(0)).extracting(Assignment::state)
              .containsOnly(AssignmentState.ACTIVE, AssignmentState.ASSIGNED)
              .filteredOn(s -> s == AssignmentState.ACTIVE).hasSize(4);
          assertThat(all.<List<NefSubscriptionRecord>>resultAt(1)).extracting(NefSubscriptionRecord::state)
              .as("the NEF answered: not created").containsExactlyInAnyOrder(SubscriptionState.ACTIVE,
                  SubscriptionState.ACTIVE, SubscriptionState.ACTIVE, SubscriptionState.ACTIVE, SubscriptionState.FAILED);
          assertThat(h.meter(ActivationMetrics.METER_RUNS, "result", "retried")).isEqualTo(1);
          h.mutableClock().advance(Duration.ofSeconds(2));
          return h.activation.runDueJobs();
        })
        .compose(ran -> Future.all(h.assignments(b.id()), h.records(b.id())).map(all -> {
          assertThat(ran).as("only the failed device").isEqualTo(1);
          assertThat(requests(h, "POST")).isEqualTo(6);
          assertThat(h.sim.subscriptions()).hasSize(5);
          assertThat(all.<List<Assignment>>resultAt(0)).extracting(Assignment::state).containsOnly(AssignmentState.ACTIVE);
          assertThat(all.<List<NefSubscriptionRecord>>resultAt(1)).extracting(NefSubscriptionRecord::state)
              .containsOnly(SubscriptionState.ACTIVE);
          return null;
        }))));
  }

  /**
   * Verifies that a process dying after a batch's intents committed but before its POSTs is followed
   * by exactly one subscription per device (no duplicate on the NEF).
   */
  @Test
  void testCrashBeforeBatchPostsCreatesEachOnce(Vertx vertx, VertxTestContext ctx) {
    scenario(vertx, ctx, ActivationTest.QUIET, new JsonObject(), h -> startedBooking(h, 6)
        .compose(b -> crashThenReplace(h, CrashingNef.Point.BEFORE_POST, b, records -> {
          assertThat(records).extracting(NefSubscriptionRecord::state).hasSize(6)
              .containsOnly(SubscriptionState.PENDING_CREATE);
          assertThat(h.sim.totalCreates()).isZero();
        })));
  }

  /**
   * Verifies that a process dying while a batch's POSTs are answered (some created, none recorded)
   * is followed by exactly one subscription per device: the created ones are adopted, not duplicated.
   */
  @Test
  void testCrashAfterBatchPostsAdoptsCreated(Vertx vertx, VertxTestContext ctx) {
    scenario(vertx, ctx, ActivationTest.QUIET, new JsonObject(), h -> startedBooking(h, 6)
        .compose(b -> crashThenReplace(h, CrashingNef.Point.AFTER_POST, b, records -> {
          assertThat(records).extracting(NefSubscriptionRecord::state).containsOnly(SubscriptionState.PENDING_CREATE);
          assertThat(h.sim.totalCreates()).isPositive();
        })));
  }

  private static Future<Void> crashThenReplace(Harness h, CrashingNef.Point point, Booking b,
      java.util.function.Consumer<List<NefSubscriptionRecord>> afterCrash) {
    CrashingNef crashing = new CrashingNef(h.client, point);
    h.restart(crashing).runDueJobs();
    return crashing.crashed()
        // let the other POSTs of the batch be answered (and never recorded) before the replacement
        .compose(v -> Harness.eventually(h.vertx, 2000, () -> Future.succeededFuture(
            point == CrashingNef.Point.BEFORE_POST || h.sim.totalCreates() == 6)))
        .compose(v -> h.records(b.id()))
        .compose(records -> {
          afterCrash.accept(records);
          h.mutableClock().advance(Duration.ofSeconds(31));
          Activation fresh = h.restart(h.client);
          return fresh.start().compose(x -> fresh.runDueJobs());
        })
        .compose(v -> Future.all(h.assignments(b.id()), h.records(b.id())))
        .map(all -> {
          assertThat(h.sim.totalCreates()).as("one create per device").isEqualTo(6);
          assertThat(h.sim.subscriptions()).hasSize(6);
          assertThat(all.<List<Assignment>>resultAt(0)).extracting(Assignment::state).containsOnly(AssignmentState.ACTIVE);
          assertThat(all.<List<NefSubscriptionRecord>>resultAt(1)).extracting(NefSubscriptionRecord::state)
              .hasSize(6).containsOnly(SubscriptionState.ACTIVE);
          return null;
        });
  }
}
