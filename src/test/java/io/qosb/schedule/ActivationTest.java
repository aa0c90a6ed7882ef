package io.qosb.schedule;

import static io.qosb.schedule.Harness.DURATION_S;
import static io.qosb.schedule.Harness.START;
import static io.qosb.schedule.Harness.ipv4;
import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.booking.Api;
import io.qosb.booking.AssignmentState;
import io.qosb.booking.Booking;
import io.qosb.booking.BookingState;
import io.qosb.booking.CamaraException;
import io.qosb.booking.TerminationReason;
import io.qosb.nef.sim.RecordedRequest;
import io.qosb.store.SubscriptionState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Scheduled activation end to end: engine, H2 store, scheduler, simulated NEF over HTTP, driven by a mutable clock. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class ActivationTest {

  static final String QUIET = "{\"notifications\": {\"enabled\": false}}";

  /** The harness of this class's database (H2 here, PostgreSQL in the subclass). */
  Future<Harness> harness(Vertx vertx, String simScenario, JsonObject nefExtra) {
    return Harness.h2(vertx, simScenario, nefExtra);
  }

  void scenario(Vertx vertx, VertxTestContext ctx, String simScenario, JsonObject nefExtra,
      Function<Harness, Future<?>> test) {
    harness(vertx, simScenario, nefExtra).compose(h -> test.apply(h).eventually(h::close))
        .onComplete(ctx.succeedingThenComplete());
  }

  /** Verifies that devices assigned before the start are activated at the start and torn down at the end. */
  @Test
  void testActivationAtStartAndExpiryAtEndSucceed(Vertx vertx, VertxTestContext ctx) {
    scenario(vertx, ctx, QUIET, new JsonObject(), h -> h.createQba(3).compose(b -> h.assign(b, ipv4("198.51.100.1"),
        ipv4("198.51.100.2"))
        .compose(v -> h.activation.runDueJobs())
        .compose(ran -> {
          assertThat(ran).as("nothing is due before the start").isZero();
          assertThat(h.sim.totalCreates()).isZero();
          h.at(START.plusMillis(300));
          return h.activation.runDueJobs();
        })
        .compose(ran -> Future.all(h.booking(b.id()), h.assignments(b.id()), h.records(b.id())).map(all -> {
          Booking active = all.resultAt(0);
          assertThat(active.status().state()).isEqualTo(BookingState.ACTIVE);
          assertThat(active.startedAt()).isEqualTo(START.plusMillis(300));
          assertThat(all.<List<io.qosb.booking.Assignment>>resultAt(1)).extracting(a -> a.state())
              .containsOnly(AssignmentState.ACTIVE);
          assertThat(all.<List<io.qosb.store.NefSubscriptionRecord>>resultAt(2)).extracting(r -> r.state())
              .containsExactly(SubscriptionState.ACTIVE, SubscriptionState.ACTIVE);
          assertThat(h.sim.subscriptions()).hasSize(2);
          assertThat(h.sim.subscriptions().values()).allSatisfy(s -> {
            assertThat(s.getString("qosReference")).isEqualTo("QREF_L");
            assertThat(s.getJsonObject("usageThreshold").getLong("duration")).isEqualTo(DURATION_S);
            assertThat(s.getString("notificationDestination")).startsWith(h.notificationUrl() + "/");
          });
          assertThat(h.registry.get(ActivationMetrics.METER_LAG).timer().count()).isEqualTo(2);
          assertThat(h.gauge(ActivationMetrics.METER_ACTIVE)).isEqualTo(2);
          h.at(START.plusSeconds(DURATION_S));
          return null;
        }))
        .compose(v -> h.activation.runDueJobs())
        .compose(v -> Future.all(h.booking(b.id()), h.assignments(b.id()), h.records(b.id())).map(all -> {
          Booking ended = all.resultAt(0);
          assertThat(ended.status().state()).isEqualTo(BookingState.TERMINATED);
          assertThat(ended.status().reason()).isEqualTo(TerminationReason.DURATION_EXPIRED);
          assertThat(all.<List<io.qosb.booking.Assignment>>resultAt(1)).extracting(a -> a.state())
              .containsOnly(AssignmentState.RELEASED);
          assertThat(all.<List<io.qosb.store.NefSubscriptionRecord>>resultAt(2)).extracting(r -> r.state())
              .containsOnly(SubscriptionState.DELETED);
          assertThat(h.sim.subscriptions()).isEmpty();
          assertThat(h.sim.totalCreates()).isEqualTo(2);
          assertThat(h.sim.requests().stream().filter(r -> r.method().equals("DELETE")).count()).isEqualTo(2);
          assertThat(h.gauge(ActivationMetrics.METER_ACTIVE)).isZero();
          assertThat(h.gauge(ActivationMetrics.METER_PENDING)).isZero();
          return null;
        }))));
  }

  /** Verifies that a device assigned during the window is activated at once, and a released one deactivated. */
  @Test
  void testLateAssignmentAndReleaseDuringWindowSucceed(Vertx vertx, VertxTestContext ctx) {
    scenario(vertx, ctx, QUIET, new JsonObject(), h -> h.createQba(2).compose(b -> {
      h.at(START.plusSeconds(10));
      return h.activation.runDueJobs()
          .compose(v -> {
            assertThat(h.sim.totalCreates()).isZero();
            h.at(START.plusSeconds(20));
            return h.assign(b, ipv4("198.51.100.7"));
          })
          .compose(v -> h.activation.runDueJobs())
          .compose(v -> h.assignments(b.id()).map(list -> {
            assertThat(h.sim.subscriptions()).hasSize(1);
            assertThat(list).singleElement().extracting(a -> a.state()).isEqualTo(AssignmentState.ACTIVE);
            assertThat(h.sim.subscriptions().values().iterator().next().getJsonObject("usageThreshold").getLong("duration"))
                .as("seconds left in the booking").isEqualTo(DURATION_S - 20);
            return null;
          }))
          .compose(v -> h.engine.releaseDevices(Harness.APP, b.id(), List.of(ipv4("198.51.100.7")), null, null))
          .compose(v -> h.activation.runDueJobs())
          .compose(v -> h.records(b.id()).map(records -> {
            assertThat(h.sim.subscriptions()).isEmpty();
            assertThat(records).singleElement().extracting(r -> r.state()).isEqualTo(SubscriptionState.DELETED);
            return null;
          }));
    }));
  }

  /** Verifies that deleting an active booking deletes its subscriptions. */
  @Test
  void testDeletionDuringWindowDeletesSubscriptions(Vertx vertx, VertxTestContext ctx) {
    scenario(vertx, ctx, QUIET, new JsonObject(), h -> h.createQb(ipv4("198.51.100.9"), null).compose(b -> {
      h.at(START);
      return h.activation.runDueJobs()
          .compose(v -> {
            assertThat(h.sim.subscriptions()).hasSize(1);
            return h.engine.deleteBooking(Harness.APP, Api.QB, b.id());
          })
          .compose(v -> h.activation.runDueJobs())
          .compose(v -> h.booking(b.id()).map(gone -> {
            assertThat(gone).isNull();
            assertThat(h.sim.subscriptions()).isEmpty();
            assertThat(h.sim.totalCreates()).isEqualTo(1);
            return null;
          }));
    }));
  }

  /** Verifies that after a restart past the end the booking is marked expired and never activated. */
  @Test
  void testClosedWindowExpiresWithoutActivation(Vertx vertx, VertxTestContext ctx) {
    scenario(vertx, ctx, QUIET, new JsonObject(), h -> h.createQb(ipv4("198.51.100.10"), null).compose(b -> {
      h.at(START.plusSeconds(DURATION_S + 60));
      return h.restart(h.client).start()
          .compose(v -> h.activation.runDueJobs())
          .compose(v -> h.booking(b.id()).map(after -> {
            assertThat(after.status().reason()).isEqualTo(TerminationReason.DURATION_EXPIRED);
            assertThat(after.startedAt()).isNull();
            assertThat(h.sim.totalCreates()).isZero();
            return null;
          }));
    }));
  }

  /** Verifies that a job whose NEF call fails is retried after the backoff and then succeeds. */
  @Test
  void testNef503ThenSuccessRetriesJob(Vertx vertx, VertxTestContext ctx) {
    String faults = "{\"notifications\": {\"enabled\": false}, \"faults\": [{\"operation\": \"create\", \"status\": 503, \"count\": 3}]}";
    scenario(vertx, ctx, faults, new JsonObject(), h -> h.createQb(ipv4("198.51.100.11"), null).compose(b -> {
      h.at(START);
      return h.activation.runDueJobs()
          .compose(v -> h.records(b.id()))
          .compose(records -> {
            assertThat(h.sim.totalCreates()).as("the client gave up after 3 attempts").isZero();
            assertThat(records).singleElement().extracting(r -> r.state()).isEqualTo(SubscriptionState.FAILED);
            assertThat(h.meter(ActivationMetrics.METER_RUNS, "result", "retried")).isEqualTo(1);
            assertThat(h.gauge(ActivationMetrics.METER_PENDING)).as("activate and end").isEqualTo(2);
            return h.activation.runDueJobs();
          })
          .compose(ran -> {
            assertThat(ran).as("not before the backoff").isZero();
            h.at(START.plusSeconds(2));
            return h.activation.runDueJobs();
          })
          .compose(v -> h.assignments(b.id()).map(list -> {
            assertThat(h.sim.subscriptions()).hasSize(1);
            assertThat(list).singleElement().extracting(a -> a.state()).isEqualTo(AssignmentState.ACTIVE);
            return null;
          }));
    }));
  }

  /** Verifies that with the NEF down all window long the device fails, the job is given up and the booking still ends. */
  @Test
  void testNefDownForWholeWindowFailsDevice(Vertx vertx, VertxTestContext ctx) {
    String down = "{\"notifications\": {\"enabled\": false}, \"failureRate\": 1}";
    scenario(vertx, ctx, down, new JsonObject(), h -> h.createQb(ipv4("198.51.100.12"), null).compose(b -> {
      h.at(START);
      Future<Integer> attempts = h.activation.runDueJobs();
      for (int i = 1; i < 3; i++) {
        Duration wait = Duration.ofSeconds(2L << (i - 1));
        attempts = attempts.compose(v -> {
          h.mutableClock().advance(wait);
          return h.activation.runDueJobs();
        });
      }
      return attempts
          .compose(v -> Future.all(h.booking(b.id()), h.assignments(b.id())))
          .compose(all -> {
            assertThat(all.<Booking>resultAt(0).status().state()).isEqualTo(BookingState.ACTIVE);
            assertThat(all.<List<io.qosb.booking.Assignment>>resultAt(1)).singleElement().extracting(a -> a.state())
                .isEqualTo(AssignmentState.FAILED);
            assertThat(h.gauge(ActivationMetrics.METER_FAILED)).isEqualTo(1);
            assertThat(h.meter(ActivationMetrics.METER_RUNS, "result", "failed")).isEqualTo(1);
            h.at(START.plusSeconds(DURATION_S));
            return h.activation.runDueJobs();
          })
          .compose(v -> h.booking(b.id()).map(after -> {
            assertThat(after.status().reason()).isEqualTo(TerminationReason.DURATION_EXPIRED);
            assertThat(h.sim.totalCreates()).isZero();
            return null;
          }));
    }));
  }

  /** Verifies that while the NEF circuit is open, work needing the NEF now gets 503 and bookings for later are accepted. */
  @Test
  void testOpenCircuitRefusesImmediateWorkWith503(Vertx vertx, VertxTestContext ctx) {
    String down = "{\"notifications\": {\"enabled\": false}, \"failureRate\": 1}";
    JsonObject breaker = new JsonObject().put("circuitBreaker", new JsonObject().put("failureThreshold", 3)
        .put("resetTimeout", "PT60S"));
    scenario(vertx, ctx, down, breaker, h -> h.createQba(2).compose(b -> {
      h.at(START);
      return h.client.list().otherwise(List.of()).compose(v -> h.activation.runDueJobs())
          .compose(v -> {
            assertThat(h.client.isAvailable()).isFalse();
            return expect503(h.assign(b, ipv4("198.51.100.13")));
          })
          .compose(v -> expect503(h.engine.deleteBooking(Harness.APP, Api.QBA, b.id())))
          .compose(v -> h.activation.nefReady().transform(ar -> {
            assertThat(ar.failed()).as("the nef is not ready").isTrue();
            return Future.succeededFuture();
          }))
          .compose(v -> h.engine.createBooking(Harness.APP, io.qosb.booking.Bookings.qba(START.plusSeconds(7200), 600, 1)))
          .map(later -> {
            assertThat(later.status().state()).isEqualTo(BookingState.SCHEDULED);
            return null;
          });
    }));
  }

  private static Future<Void> expect503(Future<?> f) {
    return f.transform(ar -> {
      assertThat(ar.failed()).as("expected a failure").isTrue();
      assertThat(ar.cause()).isInstanceOfSatisfying(CamaraException.class,
          e -> assertThat(e.status() + " " + e.code()).isEqualTo("503 UNAVAILABLE"));
      return Future.succeededFuture();
    });
  }

  /** Verifies that housekeeping purges a terminated booking after its retention, with its finished jobs and records. */
  @Test
  void testHousekeepingPurgesAfterRetention(Vertx vertx, VertxTestContext ctx) {
    scenario(vertx, ctx, QUIET, new JsonObject(), h -> h.createQb(ipv4("198.51.100.15"), null).compose(b -> {
      h.at(START);
      return h.activation.runDueJobs()
          .compose(v -> {
            h.at(START.plusSeconds(DURATION_S + 10));
            return h.activation.housekeeping();
          })
          .compose(v -> h.booking(b.id()))
          .compose(expired -> {
            assertThat(expired.status().reason()).as("marked expired, still readable").isEqualTo(TerminationReason.DURATION_EXPIRED);
            return h.activation.runDueJobs();
          })
          .compose(v -> {
            h.at(START.plusSeconds(DURATION_S + 10 + 361));
            return h.activation.housekeeping();
          })
          .compose(v -> Future.all(h.booking(b.id()), h.records(b.id()), h.store.activation().counts()))
          .map(all -> {
            assertThat(all.<Booking>resultAt(0)).isNull();
            assertThat(all.<List<io.qosb.store.NefSubscriptionRecord>>resultAt(1)).isEmpty();
            assertThat(all.<io.qosb.store.ActivationStore.Counts>resultAt(2).pendingJobs()).isZero();
            assertThat(h.sim.subscriptions()).isEmpty();
            return null;
          });
    }));
  }

  /** Verifies that the subscriptions the client sent carry every required field of the 3GPP schema. */
  @Test
  void testSentBodiesAreValidSubscriptions(Vertx vertx, VertxTestContext ctx) {
    scenario(vertx, ctx, QUIET, new JsonObject(), h -> h.createQb(ipv4("198.51.100.14"), null).compose(b -> {
      h.at(START);
      return h.activation.runDueJobs().map(v -> {
        RecordedRequest post = h.sim.requests().stream().filter(r -> r.method().equals("POST")).findFirst().orElseThrow();
        assertThat(io.qosb.nef.NefTestSupport.schemaProblems(post.body())).isEmpty();
        assertThat(post.status()).isEqualTo(201);
        return null;
      });
    }));
  }
}
