package io.qosb.schedule;

import static io.qosb.schedule.Harness.DURATION_S;
import static io.qosb.schedule.Harness.START;
import static io.qosb.schedule.Harness.ipv4;
import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.booking.Api;
import io.qosb.booking.AssignmentState;
import io.qosb.booking.Booking;
import io.qosb.nef.Reconciler;
import io.qosb.store.SubscriptionState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A process that dies at each point around a NEF call, replaced by a fresh Activation on the same
 * store once its leases ran out: the NEF must end with exactly the wanted subscriptions.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class CrashRecoveryTest {

  private static final String QUIET = ActivationTest.QUIET;
  private static final Duration AFTER_LEASE = Duration.ofSeconds(31);

  /** The harness of this class's database (H2 here, PostgreSQL in the subclass). */
  Future<Harness> harness(Vertx vertx) {
    return Harness.h2(vertx, QUIET, new JsonObject());
  }

  /** Runs the jobs due with an Activation that crashes at the point; completes when it died. */
  private static Future<Void> crashWhileRunning(Harness h, CrashingNef.Point point) {
    CrashingNef crashing = new CrashingNef(h.client, point);
    h.restart(crashing).runDueJobs();
    return crashing.crashed();
  }

  /** A replacement process: leases of the dead one have run out; it reconciles at start and runs the jobs. */
  private static Future<Activation> replace(Harness h) {
    h.mutableClock().advance(AFTER_LEASE);
    Activation fresh = h.restart(h.client);
    return fresh.start().compose(v -> fresh.runDueJobs()).map(fresh);
  }

  private static Future<Booking> activeQb(Harness h) {
    return h.createQb(ipv4("198.51.100.20"), null).map(b -> {
      h.at(START);
      return b;
    });
  }

  /** Verifies that a crash after the intent but before the POST leads to exactly one subscription. */
  @Test
  void testCrashBeforePostRecovers(Vertx vertx, VertxTestContext ctx) {
    harness(vertx).compose(h -> activeQb(h)
        .compose(b -> crashWhileRunning(h, CrashingNef.Point.BEFORE_POST)
            .compose(v -> h.records(b.id()).map(records -> {
              assertThat(records).singleElement().extracting(r -> r.state()).isEqualTo(SubscriptionState.PENDING_CREATE);
              assertThat(h.sim.totalCreates()).isZero();
              return null;
            }))
            .compose(v -> replace(h))
            .compose(v -> expectOneActive(h, b)))
        .eventually(h::close)).onComplete(ctx.succeedingThenComplete());
  }

  /** Verifies that a crash between the POST and its record adopts the created subscription instead of duplicating it. */
  @Test
  void testCrashAfterPostAdoptsSubscription(Vertx vertx, VertxTestContext ctx) {
    harness(vertx).compose(h -> activeQb(h)
        .compose(b -> crashWhileRunning(h, CrashingNef.Point.AFTER_POST)
            .compose(v -> {
              assertThat(h.sim.totalCreates()).isEqualTo(1);
              return replace(h);
            })
            .compose(v -> expectOneActive(h, b))
            .map(v -> {
              assertThat(h.meter(Reconciler.METER, "action", "adopted")).isEqualTo(1);
              return null;
            }))
        .eventually(h::close)).onComplete(ctx.succeedingThenComplete());
  }

  /** Verifies that a crash before the DELETE at the end still removes the subscription, once. */
  @Test
  void testCrashBeforeDeleteRecovers(Vertx vertx, VertxTestContext ctx) {
    harness(vertx).compose(h -> activeQb(h)
        .compose(b -> h.activation.runDueJobs()
            .compose(v -> {
              h.at(START.plusSeconds(DURATION_S));
              return crashWhileRunning(h, CrashingNef.Point.BEFORE_DELETE);
            })
            .compose(v -> h.records(b.id()).map(records -> {
              assertThat(records).singleElement().extracting(r -> r.state()).isEqualTo(SubscriptionState.PENDING_DELETE);
              assertThat(h.sim.subscriptions()).hasSize(1);
              return null;
            }))
            .compose(v -> replace(h))
            .compose(v -> expectAllGone(h, b)))
        .eventually(h::close)).onComplete(ctx.succeedingThenComplete());
  }

  /** Verifies that a crash after the DELETE but before its record ends with the record deleted and no second DELETE harm. */
  @Test
  void testCrashAfterDeleteRecovers(Vertx vertx, VertxTestContext ctx) {
    harness(vertx).compose(h -> activeQb(h)
        .compose(b -> h.activation.runDueJobs()
            .compose(v -> {
              h.at(START.plusSeconds(DURATION_S));
              return crashWhileRunning(h, CrashingNef.Point.AFTER_DELETE);
            })
            .compose(v -> replace(h))
            .compose(v -> expectAllGone(h, b)))
        .eventually(h::close)).onComplete(ctx.succeedingThenComplete());
  }

  /** Verifies that a subscription on the NEF that no record wants (unknown token) is deleted by reconciliation. */
  @Test
  void testOrphanWithOurPrefixIsDeleted(Vertx vertx, VertxTestContext ctx) {
    harness(vertx).compose(h -> {
      String foreign = h.notificationUrl() + "/" + "A".repeat(43);
      JsonObject orphan = io.qosb.nef.NefTestSupport.aSubscription(foreign);
      JsonObject notOurs = io.qosb.nef.NefTestSupport.aSubscription("http://elsewhere.example/callback");
      return h.client.create(orphan).compose(v -> h.client.create(notOurs))
          .compose(v -> h.activation.reconcile())
          .map(repairs -> {
            assertThat(repairs).isEqualTo(1);
            assertThat(h.sim.subscriptions().values()).extracting(s -> s.getString("notificationDestination"))
                .containsExactly("http://elsewhere.example/callback");
            return null;
          })
          .eventually(h::close);
    }).onComplete(ctx.succeedingThenComplete());
  }

  /**
   * Verifies that a released device whose NEF DELETE is pending (the process died before it) holds no
   * slot: retrieve-by-device no longer shows its booking and a new booking of the device over the same
   * window takes it; and that the DELETE still reaches the NEF, once, after a restart.
   */
  @Test
  void testReleasedDeviceWithPendingDeleteIsFreeAndDeletedAfterRestart(Vertx vertx, VertxTestContext ctx) {
    io.qosb.booking.Device d = ipv4("198.51.100.21");
    harness(vertx).compose(h -> gone(h, d, b -> h.engine.releaseDevices(Harness.APP, b.id(), java.util.List.of(d),
        null, null).mapEmpty()).eventually(h::close)).onComplete(ctx.succeedingThenComplete());
  }

  /** Verifies the same for a deleted booking: its device is free while the teardown's DELETE is pending. */
  @Test
  void testDeletedBookingWithPendingDeleteFreesDeviceAndDeletesAfterRestart(Vertx vertx, VertxTestContext ctx) {
    io.qosb.booking.Device d = ipv4("198.51.100.22");
    harness(vertx).compose(h -> gone(h, d, b -> h.engine.deleteBooking(Harness.APP, Api.QBA, b.id()).mapEmpty())
        .eventually(h::close)).onComplete(ctx.succeedingThenComplete());
  }

  /** An active QBA booking of the device, ended for it by {@code end}, dying before the DELETE; then a restart. */
  private static Future<Void> gone(Harness h, io.qosb.booking.Device d,
      java.util.function.Function<Booking, Future<Void>> end) {
    java.util.concurrent.atomic.AtomicReference<String> url = new java.util.concurrent.atomic.AtomicReference<>();
    return h.createQba(1).compose(b -> h.assign(b, d).map(b)).compose(b -> {
      h.at(START);
      return h.activation.runDueJobs().compose(v -> h.records(b.id())).compose(records -> {
        assertThat(records).singleElement().extracting(r -> r.state()).isEqualTo(SubscriptionState.ACTIVE);
        url.set(records.get(0).resourceUrl());
        return end.apply(b);
      }).compose(v -> crashWhileRunning(h, CrashingNef.Point.BEFORE_DELETE))
          .compose(v -> h.records(b.id()))
          .compose(records -> {
            assertThat(records).singleElement().extracting(r -> r.state()).isEqualTo(SubscriptionState.PENDING_DELETE);
            assertThat(h.sim.subscriptions()).hasSize(1);
            return h.engine.retrieveBookingByDevice(Harness.APP, Api.QBA, d);
          })
          .compose(shown -> {
            assertThat(shown).as("a device whose DELETE is pending is not shown as booked").isEmpty();
            return h.engine.createBooking(Harness.APP, io.qosb.booking.Bookings.qba(START.plusSeconds(60),
                DURATION_S, 1));
          })
          .compose(next -> h.assign(next, d).map(next))
          .compose(next -> h.assignments(next.id()))
          .compose(taken -> {
            assertThat(taken).as("the device is free for a new booking of the same window").hasSize(1);
            return replace(h);
          })
          .compose(v -> h.records(b.id()))
          .map(records -> {
            assertThat(records).singleElement().extracting(r -> r.state()).isEqualTo(SubscriptionState.DELETED);
            assertThat(h.sim.subscriptions()).isEmpty();
            assertThat(h.sim.deleteCount(url.get().substring(url.get().lastIndexOf('/') + 1))).isEqualTo(1);
            return null;
          });
    });
  }

  private static Future<Void> expectOneActive(Harness h, Booking b) {
    return Future.all(h.records(b.id()), h.assignments(b.id())).map(all -> {
      assertThat(h.sim.subscriptions()).hasSize(1);
      assertThat(h.sim.totalCreates()).isEqualTo(1);
      assertThat(all.<java.util.List<io.qosb.store.NefSubscriptionRecord>>resultAt(0)).singleElement()
          .satisfies(r -> {
            assertThat(r.state()).isEqualTo(SubscriptionState.ACTIVE);
            assertThat(h.sim.subscriptions().values().iterator().next().getString("self")).isEqualTo(r.resourceUrl());
          });
      assertThat(all.<java.util.List<io.qosb.booking.Assignment>>resultAt(1)).singleElement()
          .extracting(a -> a.state()).isEqualTo(AssignmentState.ACTIVE);
      return null;
    });
  }

  private static Future<Void> expectAllGone(Harness h, Booking b) {
    return h.records(b.id()).map(records -> {
      assertThat(h.sim.subscriptions()).isEmpty();
      assertThat(h.sim.totalCreates()).isEqualTo(1);
      assertThat(records).singleElement().satisfies(r -> {
        assertThat(r.state()).isEqualTo(SubscriptionState.DELETED);
        assertThat(h.sim.deleteCount(r.resourceUrl().substring(r.resourceUrl().lastIndexOf('/') + 1))).isEqualTo(1);
      });
      return null;
    });
  }
}
