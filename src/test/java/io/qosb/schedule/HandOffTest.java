package io.qosb.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.booking.Assignment;
import io.qosb.booking.AssignmentState;
import io.qosb.booking.Booking;
import io.qosb.booking.Bookings;
import io.qosb.booking.FlowSpec;
import io.qosb.booking.NewBooking;
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
 * A booking that starts when it is written is handed straight to the started scheduler of the process
 * that wrote it (no claim); its job rows, written claimed by that scheduler, are the recovery path.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class HandOffTest {

  Future<Harness> harness(Vertx vertx) {
    return Harness.h2(vertx, ActivationTest.QUIET, new JsonObject());
  }

  private void scenario(Vertx vertx, VertxTestContext ctx, Function<Harness, Future<?>> test) {
    harness(vertx).compose(h -> test.apply(h).eventually(h::close)).onComplete(ctx.succeedingThenComplete());
  }

  /** A QB booking with the clock moved to its start: its START job is due, its device's ACTIVATE not written yet. */
  private static Future<Booking> started(Harness h, String address) {
    return h.createQb(Harness.ipv4(address), FlowSpec.NONE).map(b -> {
      h.at(Harness.START);
      return b;
    });
  }

  /** Verifies that the activations written by starting bookings reach the NEF once per device, with no claim. */
  @Test
  void testBookingsStartingNowActivateAtOnce(Vertx vertx, VertxTestContext ctx) {
    scenario(vertx, ctx, h -> h.activation.start()
        .compose(v -> Future.all(started(h, "198.51.100.70"), started(h, "198.51.100.71"), started(h, "198.51.100.72")))
        // the START jobs are claimed; the ACTIVATE jobs they write are due at once and handed off
        .compose(v -> h.activation.runDueJobs())
        .compose(v -> Harness.eventually(vertx, 5000, () -> Future.succeededFuture(h.sim.subscriptions().size() == 3)))
        .compose(v -> h.activation.runDueJobs())
        .map(ran -> {
          assertThat(ran).as("nothing left for a claim").isZero();
          assertThat(h.sim.totalCreates()).isEqualTo(3);
          return null;
        }));
  }

  /**
   * Verifies that every device of a starting booking is handed off (their activations are carried by
   * their assignment rows, V10): all reach the NEF at once, none waits for a claim after a lease.
   */
  @Test
  void testEveryDeviceOfStartingBookingIsHandedOff(Vertx vertx, VertxTestContext ctx) {
    scenario(vertx, ctx, h -> h.activation.start()
        .compose(v -> h.createQba(3))
        .compose(b -> h.assign(b, Harness.ipv4("198.51.100.90"), Harness.ipv4("198.51.100.91"),
            Harness.ipv4("198.51.100.92")).map(b))
        .compose(b -> {
          h.at(Harness.START);
          // the START is claimed; the three ACTIVATEs it writes are due at once and handed off
          return h.activation.runDueJobs()
              .compose(v -> Harness.eventually(vertx, 5000, () -> Future.succeededFuture(h.sim.subscriptions().size() == 3)))
              .compose(v -> h.activation.runDueJobs())
              .compose(ran -> h.assignments(b.id()).map(list -> {
                assertThat(ran).as("nothing left for a claim").isZero();
                assertThat(h.sim.totalCreates()).isEqualTo(3);
                assertThat(list).extracting(Assignment::state).containsOnly(AssignmentState.ACTIVE);
                return null;
              }));
        }));
  }

  /**
   * Verifies that the jobs handed to a scheduler that dies before its POST are claimed by another
   * scheduler only after their lease, and then make exactly one subscription.
   */
  @Test
  void testHandedOffJobsOfDeadSchedulerRunOnceAfterLease(Vertx vertx, VertxTestContext ctx) {
    scenario(vertx, ctx, h -> {
      CrashingNef crashing = new CrashingNef(h.client, CrashingNef.Point.BEFORE_POST);
      Activation dying = h.restart(crashing);
      return dying.start().compose(v -> started(h, "198.51.100.80"))
          .compose(b -> {
            // its run claims START; the run never ends, since the handed-off ACTIVATE job never settles
            dying.runDueJobs();
            Activation other = h.newActivation(h.client);
            return crashing.crashed().compose(v -> other.runDueJobs()).compose(ran -> {
              assertThat(ran).as("handed-off jobs are leased to the dying scheduler").isZero();
              h.mutableClock().advance(Duration.ofSeconds(31));
              return other.runDueJobs();
            }).eventually(other::stop).compose(v -> Future.all(h.assignments(b.id()), h.records(b.id())));
          })
          .map(all -> {
            assertThat(h.sim.totalCreates()).isEqualTo(1);
            assertThat(all.<List<Assignment>>resultAt(0)).extracting(Assignment::state)
                .containsExactly(AssignmentState.ACTIVE);
            assertThat(all.<List<NefSubscriptionRecord>>resultAt(1)).extracting(NefSubscriptionRecord::state)
                .containsExactly(SubscriptionState.ACTIVE);
            return null;
          });
    });
  }

  /**
   * The kill point of stage (b): the process dies right after the commit of a booking for now, whose
   * START its row carries claimed by that process's scheduler. No other scheduler runs it within the
   * lease; after the lease one does, and the device's subscription is created exactly once.
   */
  @Test
  void testStartOfBookingForNowRunsOnceAfterLeaseWhenProcessDiesAfterCommit(Vertx vertx, VertxTestContext ctx) {
    scenario(vertx, ctx, h -> {
      // the dead process: its scheduler took the hand-off, then nothing ran it
      h.store.activation().handOff("dead", Duration.ofSeconds(30), h.clock, n -> true, jobs -> { });
      NewBooking now = NewBooking.qb("QOS_L", Harness.NOW.toString(), Harness.DURATION_S, Bookings.circle(),
          Harness.ipv4("198.51.100.81"), FlowSpec.NONE, null, null);
      return h.engine.createBooking(Harness.APP, now).compose(b -> {
        h.store.activation().stopHandOff("dead");
        return h.activation.runDueJobs().compose(ran -> {
          assertThat(ran).as("the START is leased to the dead scheduler").isZero();
          assertThat(h.sim.totalCreates()).isZero();
          h.mutableClock().advance(Duration.ofSeconds(31));
          return h.activation.runDueJobs();
        }).compose(ran -> h.activation.runDueJobs()).compose(v -> Future.all(h.booking(b.id()), h.records(b.id())));
      }).map(all -> {
        assertThat(h.sim.totalCreates()).isEqualTo(1);
        assertThat(all.<Booking>resultAt(0).status().state()).isEqualTo(io.qosb.booking.BookingState.ACTIVE);
        assertThat(all.<List<NefSubscriptionRecord>>resultAt(1)).extracting(NefSubscriptionRecord::state)
            .containsExactly(SubscriptionState.ACTIVE);
        return null;
      });
    });
  }
}
