package io.qosb.schedule;

import static io.qosb.schedule.Harness.DURATION_S;
import static io.qosb.schedule.Harness.START;
import static io.qosb.schedule.Harness.ipv4;
import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.booking.AssignmentState;
import io.qosb.booking.Booking;
import io.qosb.booking.BookingState;
import io.qosb.booking.TerminationReason;
import io.qosb.nef.NetworkEvent;
import io.qosb.nef.Reconciler;
import io.qosb.nef.NefSubscription;
import io.qosb.nef.NefApi;
import io.qosb.store.NefSubscriptionRecord;
import io.qosb.store.SubscriptionState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** NEF callbacks, network termination, NEF amnesia and a restart in the middle of a window. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class NetworkEventsTest {

  private static Future<Booking> activated(Harness h, Booking b) {
    h.at(START);
    return h.activation.runDueJobs().compose(v -> h.booking(b.id()));
  }

  private static Future<HttpResponse<Buffer>> notify(Harness h, String token, String body) {
    WebClient web = WebClient.create(h.vertx);
    return web.postAbs(h.notificationUrl() + "/" + token).putHeader("Content-Type", "application/json")
        .timeout(2000).sendBuffer(Buffer.buffer(body)).eventually(() -> {
          web.close();
          return Future.succeededFuture();
        });
  }

  private static String report(String transaction, String event) {
    return new JsonObject().put("transaction", transaction)
        .put("eventReports", new JsonArray().add(new JsonObject().put("event", event))).encode();
  }

  /** Verifies that unknown or malformed tokens get 404 and change nothing, and known ones 204 with the event recorded. */
  @Test
  void testCallbacksCheckTokens(Vertx vertx, VertxTestContext ctx) {
    Harness.h2(vertx, ActivationTest.QUIET, new JsonObject()).compose(h -> h.createQba(1)
        .compose(b -> h.assign(b, ipv4("198.51.100.30")).compose(v -> activated(h, b)))
        .compose(b -> h.records(b.id()).compose(records -> {
          NefSubscriptionRecord rec = records.get(0);
          String url = rec.resourceUrl();
          String unknown = "B".repeat(43);
          return notify(h, unknown, report(url, "SESSION_TERMINATION"))
              .compose(r -> {
                assertThat(r.statusCode()).isEqualTo(404);
                return notify(h, "short", report(url, "SESSION_TERMINATION"));
              })
              .compose(r -> {
                assertThat(r.statusCode()).isEqualTo(404);
                return notify(h, rec.token(), "not json");
              })
              .compose(r -> {
                assertThat(r.statusCode()).isEqualTo(400);
                return h.records(b.id());
              })
              .compose(unchanged -> {
                assertThat(unchanged.get(0).state()).isEqualTo(SubscriptionState.ACTIVE);
                assertThat(unchanged.get(0).lastEvent()).isNull();
                return notify(h, rec.token(), new JsonObject().put("subscription", url).encode());
              })
              .compose(r -> {
                assertThat(r.statusCode()).as("test notification").isEqualTo(204);
                return notify(h, rec.token(), report(url, "SOMETHING_NEW"));
              })
              .compose(r -> {
                assertThat(r.statusCode()).as("unknown event").isEqualTo(204);
                return notify(h, rec.token(), report(url, "QOS_NOT_GUARANTEED"));
              })
              .compose(r -> {
                assertThat(r.statusCode()).isEqualTo(204);
                // the record is visible at commit; the listener hears of the event once the commit is
                // flushed (group commit), a moment later
                return Harness.eventually(vertx, 2000, () -> h.records(b.id())
                    .map(l -> "QOS_NOT_GUARANTEED".equals(l.get(0).lastEvent()) && !h.events.isEmpty()));
              })
              .map(v -> {
                assertThat(h.events).extracting(NetworkEvent::event).containsExactly("QOS_NOT_GUARANTEED");
                assertThat(h.events.get(0).bookingId()).isEqualTo(b.id());
                return null;
              });
        }))
        .eventually(h::close)).onComplete(ctx.succeedingThenComplete());
  }

  /** Verifies that the network ending a QB session mid-window terminates the booking with NETWORK_TERMINATED. */
  @Test
  void testSessionTerminationFromNetworkTerminatesBooking(Vertx vertx, VertxTestContext ctx) {
    // the simulator ends the session when usageThreshold.duration (3600 s) x 0.0001 has passed
    String scenario = "{\"timeScale\": 0.0001, \"notifications\": {\"delay\": \"PT0.01S\"}}";
    Harness.h2(vertx, scenario, new JsonObject()).compose(h -> h.createQb(ipv4("198.51.100.31"), null)
        .compose(b -> activated(h, b))
        .compose(b -> Harness.eventually(vertx, 5000, () -> h.booking(b.id())
                .map(x -> x.status().state() == BookingState.TERMINATED))
            .compose(v -> Future.all(h.booking(b.id()), h.records(b.id()), h.assignments(b.id())))
            .map(all -> {
              assertThat(all.<Booking>resultAt(0).status().reason()).isEqualTo(TerminationReason.NETWORK_TERMINATED);
              assertThat(all.<List<NefSubscriptionRecord>>resultAt(1)).singleElement()
                  .extracting(NefSubscriptionRecord::state).isEqualTo(SubscriptionState.DELETED);
              assertThat(all.<List<io.qosb.booking.Assignment>>resultAt(2)).singleElement()
                  .extracting(a -> a.state()).isEqualTo(AssignmentState.FAILED);
              assertThat(h.events).extracting(NetworkEvent::event).contains("SUCCESSFUL_RESOURCES_ALLOCATION",
                  "SESSION_TERMINATION");
              return null;
            }))
        .eventually(h::close)).onComplete(ctx.succeedingThenComplete());
  }

  /** Verifies that a QBA device whose session the network ends fails, while the booking stays active. */
  @Test
  void testSessionTerminationFailsQbaDeviceOnly(Vertx vertx, VertxTestContext ctx) {
    Harness.h2(vertx, ActivationTest.QUIET, new JsonObject()).compose(h -> h.createQba(2)
        .compose(b -> h.assign(b, ipv4("198.51.100.32")).compose(v -> activated(h, b)))
        .compose(b -> h.records(b.id())
            .compose(records -> notify(h, records.get(0).token(), report(records.get(0).resourceUrl(), "SESSION_TERMINATION")))
            .compose(r -> Harness.eventually(vertx, 2000, () -> h.assignments(b.id())
                .map(l -> l.get(0).state() == AssignmentState.FAILED)))
            .compose(v -> h.booking(b.id()))
            .map(after -> {
              assertThat(after.status().state()).isEqualTo(BookingState.ACTIVE);
              return null;
            }))
        .eventually(h::close)).onComplete(ctx.succeedingThenComplete());
  }

  /** Verifies that subscriptions a NEF forgot are created again while the window is open, and the repair counted. */
  @Test
  void testNefAmnesiaRecreatesSubscriptions(Vertx vertx, VertxTestContext ctx) {
    Harness.h2(vertx, ActivationTest.QUIET, new JsonObject()).compose(h -> h.createQb(ipv4("198.51.100.33"), null)
        .compose(b -> activated(h, b))
        .compose(b -> {
          h.sim.forgetAll();
          h.mutableClock().advance(java.time.Duration.ofSeconds(1));
          return h.activation.reconcile()
              .compose(repairs -> {
                assertThat(repairs).isEqualTo(1);
                assertThat(h.meter(Reconciler.METER, "action", "recreated")).isEqualTo(1);
                return h.activation.runDueJobs();
              })
              .compose(v -> h.records(b.id()))
              .map(records -> {
                assertThat(h.sim.subscriptions()).hasSize(1);
                assertThat(h.sim.totalCreates()).isEqualTo(2);
                assertThat(records).singleElement().extracting(NefSubscriptionRecord::resourceUrl)
                    .isEqualTo(h.sim.subscriptions().values().iterator().next().getString("self"));
                return null;
              });
        })
        .eventually(h::close)).onComplete(ctx.succeedingThenComplete());
  }

  /**
   * Verifies that a NEF whose list writes {@code self} differently from the create's (relative)
   * Location (upper-case scheme, percent-encoded character, trailing slash) keeps its live
   * subscription through reconciliation: nothing deleted, nothing created again.
   */
  @Test
  void testReconcileMatchesTextuallyDifferentUrls(Vertx vertx, VertxTestContext ctx) {
    String scenario = "{\"notifications\": {\"enabled\": false}, \"dialect\": {\"location\": \"relative\", \"self\": \"variant\"}}";
    Harness.h2(vertx, scenario, new JsonObject()).compose(h -> h.createQb(ipv4("198.51.100.35"), null)
        .compose(b -> activated(h, b))
        .compose(b -> h.records(b.id()).compose(before -> {
          h.mutableClock().advance(java.time.Duration.ofSeconds(1));
          return h.activation.reconcile()
              .compose(first -> {
                assertThat(first).as("repairs of the first pass").isZero();
                h.mutableClock().advance(java.time.Duration.ofSeconds(1));
                return h.activation.reconcile();
              })
              .compose(second -> {
                assertThat(second).as("repairs of the second pass").isZero();
                return h.activation.runDueJobs();
              })
              .compose(v -> h.records(b.id()))
              .map(after -> {
                assertThat(h.sim.subscriptions()).hasSize(1);
                assertThat(h.sim.totalCreates()).isEqualTo(1);
                assertThat(h.meter(Reconciler.METER, "action", "deleted")).isZero();
                assertThat(h.meter(Reconciler.METER, "action", "recreated")).isZero();
                assertThat(after).singleElement().satisfies(r -> {
                  assertThat(r.state()).isEqualTo(SubscriptionState.ACTIVE);
                  assertThat(r.resourceUrl()).isEqualTo(before.get(0).resourceUrl());
                });
                return null;
              });
        }))
        .eventually(h::close)).onComplete(ctx.succeedingThenComplete());
  }

  /**
   * Verifies that with a NEF that does not list ({@code nef.dialect.listSupported: false}, the
   * simulator answering an empty list) a live subscription is read, not taken for amnesia, and one
   * the NEF lost (404 on its GET) is created again.
   */
  @Test
  void testReconcileWithoutListingReadsEachSubscription(Vertx vertx, VertxTestContext ctx) {
    String scenario = "{\"notifications\": {\"enabled\": false}, \"dialect\": {\"listSupported\": false}}";
    JsonObject nef = new JsonObject().put("dialect", new JsonObject().put("listSupported", false));
    Harness.h2(vertx, scenario, nef).compose(h -> h.createQb(ipv4("198.51.100.36"), null)
        .compose(b -> activated(h, b))
        .compose(b -> {
          h.mutableClock().advance(java.time.Duration.ofSeconds(1));
          return h.activation.reconcile()
              .compose(repairs -> {
                assertThat(repairs).as("repairs while the NEF holds the subscription").isZero();
                return h.activation.runDueJobs();
              })
              .compose(v -> {
                assertThat(h.sim.totalCreates()).isEqualTo(1);
                assertThat(h.sim.subscriptions()).hasSize(1);
                assertThat(h.meter(Reconciler.METER, "action", "recreated")).isZero();
                h.sim.forgetAll();
                h.mutableClock().advance(java.time.Duration.ofSeconds(1));
                return h.activation.reconcile();
              })
              .compose(repairs -> {
                assertThat(repairs).as("repairs after the NEF lost the subscription").isEqualTo(1);
                assertThat(h.meter(Reconciler.METER, "action", "recreated")).isEqualTo(1);
                return h.activation.runDueJobs();
              })
              .compose(v -> h.records(b.id()))
              .map(records -> {
                assertThat(h.sim.totalCreates()).isEqualTo(2);
                assertThat(h.sim.subscriptions()).hasSize(1);
                assertThat(records).singleElement().extracting(NefSubscriptionRecord::state).isEqualTo(SubscriptionState.ACTIVE);
                return null;
              });
        })
        .eventually(h::close)).onComplete(ctx.succeedingThenComplete());
  }

  /**
   * Verifies that a periodic pass against a NEF that cannot list spreads its reads over the time it is
   * given (six subscriptions over 1.5 s: the last read starts at least a second after the first) and
   * that a tick while a pass runs is skipped instead of reading everything again.
   */
  @Test
  void testPeriodicReconcileWithoutListingSpreadsItsReads(Vertx vertx, VertxTestContext ctx) {
    String scenario = "{\"notifications\": {\"enabled\": false}, \"dialect\": {\"listSupported\": false}}";
    JsonObject nef = new JsonObject().put("dialect", new JsonObject().put("listSupported", false));
    Harness.h2(vertx, scenario, nef).compose(h -> {
      Future<Void> created = Future.succeededFuture();
      for (int i = 0; i < 6; i++) {
        String ip = "198.51.100." + (40 + i);
        created = created.compose(v -> h.createQb(ipv4(ip), null)).mapEmpty();
      }
      return created.compose(v -> {
        h.at(START);
        return h.activation.runDueJobs();
      }).compose(v -> {
        assertThat(h.sim.subscriptions()).hasSize(6);
        h.mutableClock().advance(java.time.Duration.ofSeconds(1));
        int before = h.sim.requests().size();
        Future<Integer> pass = h.activation.periodicReconcile(java.time.Duration.ofMillis(1500));
        Future<Integer> tick = h.activation.periodicReconcile(java.time.Duration.ofMillis(1500));
        return Future.all(pass, tick).map(all -> {
          assertThat(pass.result()).as("repairs").isZero();
          assertThat(tick.result()).as("the overlapping tick").isZero();
          List<java.time.Instant> reads = h.sim.requests().subList(before, h.sim.requests().size()).stream()
              .filter(r -> r.method().equals("GET")).map(r -> r.at()).toList();
          assertThat(reads).as("one read per subscription, none repeated by the skipped tick").hasSize(6);
          assertThat(java.time.Duration.between(reads.get(0), reads.get(5)).toMillis())
              .as("time from the first read to the last").isGreaterThanOrEqualTo(1000);
          assertThat(h.sim.totalCreates()).isEqualTo(6);
          return null;
        });
      }).eventually(h::close);
    }).onComplete(ctx.succeedingThenComplete());
  }

  /** Verifies that a replacement process mid-window changes nothing on the NEF and still tears down at the end. */
  @Test
  void testRestartMidWindowKeepsSubscriptions(Vertx vertx, VertxTestContext ctx) {
    Harness.h2(vertx, ActivationTest.QUIET, new JsonObject()).compose(h -> h.createQb(ipv4("198.51.100.34"), null)
        .compose(b -> activated(h, b))
        .compose(b -> {
          h.mutableClock().advance(java.time.Duration.ofMinutes(10));
          Activation fresh = h.restart(h.client);
          return fresh.start()
              .compose(v -> fresh.runDueJobs())
              .compose(ran -> {
                assertThat(h.sim.totalCreates()).isEqualTo(1);
                assertThat(h.sim.subscriptions()).hasSize(1);
                h.at(START.plusSeconds(DURATION_S));
                return fresh.runDueJobs();
              })
              .map(v -> {
                assertThat(h.sim.subscriptions()).isEmpty();
                assertThat(h.meter(Reconciler.METER, "action", "deleted")).isZero();
                return null;
              });
        })
        .eventually(h::close)).onComplete(ctx.succeedingThenComplete());
  }

  /**
   * Verifies (issue 15 item 12) that a NEF whose list spells each subscription's {@code self}
   * differently from the {@code Location} it answered at creation (trailing slash, percent-escaped
   * unreserved characters, explicit default port) changes nothing: no live subscription is deleted or
   * created again. Failed before: the string comparison read the live subscription as a duplicate and
   * deleted it.
   */
  @Test
  void testReconcilerMatchesSubscriptionUrlsSpelledDifferently(Vertx vertx, VertxTestContext ctx) {
    Harness.h2(vertx, ActivationTest.QUIET, new JsonObject()).compose(h -> h.createQb(ipv4("198.51.100.35"), null)
        .compose(b -> activated(h, b))
        .compose(b -> {
          NefApi respelling = new NefApi() {
            @Override
            public Future<NefSubscription> create(JsonObject subscription) {
              return h.client.create(subscription);
            }

            @Override
            public Future<java.util.List<NefSubscription>> list() {
              return h.client.list().map(l -> l.stream().map(sub -> new NefSubscription(respell(sub.url()),
                  sub.subscriptionId(), sub.body())).toList());
            }

            @Override
            public Future<Void> delete(String subscriptionUrl) {
              return h.client.delete(subscriptionUrl);
            }

            @Override
            public Future<JsonObject> read(String subscriptionUrl) {
              return h.client.read(subscriptionUrl);
            }

            @Override
            public boolean isAvailable() {
              return h.client.isAvailable();
            }
          };
          h.mutableClock().advance(java.time.Duration.ofSeconds(1));
          return h.restart(respelling).reconcile()
              .map(repairs -> {
                assertThat(repairs).isZero();
                assertThat(h.sim.subscriptions()).hasSize(1);
                assertThat(h.sim.totalCreates()).isEqualTo(1);
                assertThat(h.meter(Reconciler.METER, "action", "deleted")).isZero();
                return null;
              });
        })
        .eventually(h::close)).onComplete(ctx.succeedingThenComplete());
  }

  /** The same URL spelled otherwise: scheme in upper case, "%2D" for each "-" of the path, a trailing slash. */
  private static String respell(String url) {
    java.net.URI u = java.net.URI.create(url);
    return "HTTP://" + u.getRawAuthority() + u.getRawPath().replace("-", "%2D") + "/";
  }
}
