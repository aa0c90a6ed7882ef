package io.qosb.schedule;

import static io.qosb.schedule.Harness.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.booking.Booking;
import io.qosb.booking.JobRequest;
import io.qosb.store.Job;
import io.qosb.store.SubscriptionState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two schedulers on one store: each job is claimed and run once; leases run out. Run per database. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
abstract class AbstractClaimTest {

  abstract Future<Harness> harness(Vertx vertx);

  /** Verifies that concurrent claims of two owners split the due jobs without overlap, and a lost lease frees a job. */
  @Test
  void testConcurrentClaimsAreDisjoint(Vertx vertx, VertxTestContext ctx) {
    harness(vertx).compose(h -> {
      var jobs = h.store.activation();
      Future<Void> written = h.store.bookings().inTransaction(List.of(), tx -> {
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < 30; i++) {
          chain = chain.compose(v -> tx.schedule(JobRequest.end(UUID.randomUUID(), START)));
        }
        return chain;
      });
      return written
          .compose(v -> Future.all(jobs.claimDue("a", START, Duration.ofSeconds(30), 20),
              jobs.claimDue("b", START, Duration.ofSeconds(30), 20)))
          .compose(both -> {
            List<Job> a = both.resultAt(0);
            List<Job> b = both.resultAt(1);
            Set<UUID> ids = new HashSet<>();
            a.forEach(j -> ids.add(j.id()));
            b.forEach(j -> ids.add(j.id()));
            assertThat(a.size() + b.size()).as("no job claimed twice").isEqualTo(ids.size());
            assertThat(a).allSatisfy(j -> assertThat(j.attempts()).isEqualTo(1));
            // on H2 the claim that waits for the other's row locks may find its jobs taken and get none
            assertThat(ids).as("at least one claim got jobs").isNotEmpty();
            Job first = a.isEmpty() ? b.get(0) : a.get(0);
            String firstOwner = a.isEmpty() ? "b" : "a";
            return jobs.claimDue("c", START.plusSeconds(10), Duration.ofSeconds(30), 50).map(c -> {
              assertThat(c).as("the rest, not the leased ones").hasSize(30 - ids.size());
              return Map.entry(firstOwner, first);
            });
          })
          .compose(first -> jobs.claimDue("d", START.plusSeconds(41), Duration.ofSeconds(30), 50)
              .compose(d -> {
                assertThat(d).as("leases ran out").hasSize(30);
                return jobs.completeJob(first.getValue(), first.getKey(), START.plusSeconds(41));
              })
              .map(completed -> {
                assertThat(completed).as("the first owner's lease was lost to d").isFalse();
                return null;
              }))
          .eventually(h::close);
    }).onComplete(ctx.succeedingThenComplete());
  }

  /**
   * Verifies that settling checks the claim, not only the owner (issue 15 item 11): after its lease ran
   * out, the same owner claims a job again; the first claim can no longer complete it, the second can.
   */
  @Test
  void testStaleClaimOfTheSameOwnerCannotSettle(Vertx vertx, VertxTestContext ctx) {
    harness(vertx).compose(h -> {
      var jobs = h.store.activation();
      UUID booking = UUID.randomUUID();
      return h.store.bookings().inTransaction(List.of(), tx -> tx.schedule(JobRequest.end(booking, START)))
          .compose(v -> jobs.claimDue("a", START, Duration.ofSeconds(30), 10))
          .compose(first -> jobs.claimDue("a", START.plusSeconds(31), Duration.ofSeconds(30), 10)
              .compose(second -> {
                assertThat(first).singleElement().extracting(Job::attempts).isEqualTo(1);
                assertThat(second).singleElement().extracting(Job::attempts).isEqualTo(2);
                return jobs.completeJob(first.get(0), "a", START.plusSeconds(32))
                    .compose(stale -> jobs.completeJob(second.get(0), "a", START.plusSeconds(32))
                        .map(current -> {
                          assertThat(stale).as("the first claim was superseded").isFalse();
                          assertThat(current).as("the second claim holds the job").isTrue();
                          return null;
                        }));
              }))
          .eventually(h::close);
    }).onComplete(ctx.succeedingThenComplete());
  }

  /** Verifies that two schedulers running at once activate every device exactly once. */
  @Test
  void testTwoSchedulersActivateEachDeviceOnce(Vertx vertx, VertxTestContext ctx) {
    harness(vertx).compose(h -> {
      List<Future<Booking>> created = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        created.add(h.createQb(Harness.ipv4("198.51.100." + (100 + i)), null));
      }
      return Future.all(created).compose(v -> {
        h.at(START);
        Activation one = h.activation;
        Activation two = h.newActivation(h.client);
        return Future.all(one.runDueJobs(), two.runDueJobs(), one.runDueJobs(), two.runDueJobs());
      })
          .compose(v -> Future.all(created.stream().map(b -> h.records(b.result().id())).toList()))
          .map(all -> {
            assertThat(h.sim.totalCreates()).isEqualTo(8);
            assertThat(h.sim.subscriptions()).hasSize(8);
            for (int i = 0; i < 8; i++) {
              List<io.qosb.store.NefSubscriptionRecord> records = all.resultAt(i);
              assertThat(records).singleElement().extracting(r -> r.state()).isEqualTo(SubscriptionState.ACTIVE);
            }
            return null;
          })
          .eventually(h::close);
    }).onComplete(ctx.succeedingThenComplete());
  }
}
