package io.qosb.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.booking.Api;
import io.qosb.booking.Assignment;
import io.qosb.booking.AssignmentState;
import io.qosb.booking.Booking;
import io.qosb.booking.BookingEvent;
import io.qosb.booking.Bookings;
import io.qosb.booking.CamaraException;
import io.qosb.booking.Device;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** The repository contract, run against each database by a subclass. */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
abstract class AbstractStoreTest {

  static final Instant T0 = Instant.parse("2030-01-01T10:00:00Z");

  Store store;
  SqlBookingRepository repo;

  /** Opens a store on this class's fresh database. */
  abstract Future<Store> openStore(Vertx vertx);

  /** Drops this class's database. */
  abstract Future<Void> dropDatabase(Vertx vertx);

  @BeforeAll
  void open(Vertx vertx, VertxTestContext ctx) {
    openStore(vertx).onComplete(ctx.succeeding(s -> {
      store = s;
      repo = s.bookings();
      ctx.completeNow();
    }));
  }

  @AfterAll
  void close(Vertx vertx, VertxTestContext ctx) {
    Future<Void> closed = store == null ? Future.succeededFuture() : store.close();
    closed.compose(v -> dropDatabase(vertx)).onComplete(ctx.succeedingThenComplete());
  }

  Future<Booking> insert(Booking b, Device... devices) {
    return repo.inTransaction(Set.of(), tx -> tx.insertBooking(b)
        .compose(v -> tx.insertAssignments(b, List.of(devices).stream().map(d -> assignment(b, d)).toList()))
        .map(v -> b.withVersion(1)));
  }

  static Assignment assignment(Booking b, Device d) {
    return new Assignment(b.id(), d, AssignmentState.ASSIGNED, false, null, null, T0);
  }

  /** Verifies that the store answers the readiness ping. */
  @Test
  void testPingSucceeds(VertxTestContext ctx) {
    store.ping().onComplete(ctx.succeedingThenComplete());
  }

  /** Verifies that opening the same database again applies no migration twice. */
  @Test
  void testMigrationsRunOnce(Vertx vertx, VertxTestContext ctx) {
    openStore(vertx).compose(again -> again.pool().query("SELECT version FROM schema_version").execute()
            .eventually(again::close))
        .onComplete(ctx.succeeding(rows -> ctx.verify(() -> {
          // one row per script of the index, each applied once
          List<Integer> versions = new java.util.ArrayList<>();
          rows.forEach(r -> versions.add(r.getInteger(0)));
          List<Integer> scripts = Statements.read(Migrations.INDEX).lines()
              .filter(l -> !l.isBlank()).map(l -> Migrations.version(l.strip())).toList();
          assertThat(versions).containsExactlyInAnyOrderElementsOf(scripts);
          ctx.completeNow();
        })));
  }

  /** Verifies that every field of a QB booking and its assignment survives a round trip. */
  @Test
  void testInsertAndFindRoundTrip(VertxTestContext ctx) {
    Device d = Bookings.newDevice();
    Booking b = Bookings.stored(Api.QB, "app-1", T0, 600, 1, d);
    insert(b, d).compose(v -> Future.all(repo.find(b.id()), repo.assignments(b.id())))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          Booking read = all.<java.util.Optional<Booking>>resultAt(0).orElseThrow();
          assertThat(read).isEqualTo(b.withVersion(1));
          assertThat(read.sinkCredential()).isEqualTo(b.sinkCredential());
          assertThat(read.flows()).isEqualTo(b.flows());
          assertThat(read.device().key()).isEqualTo(d.key());
          List<Assignment> rows = all.resultAt(1);
          assertThat(rows).singleElement().satisfies(a -> {
            assertThat(a.device().key()).isEqualTo(d.key());
            assertThat(a.state()).isEqualTo(AssignmentState.ASSIGNED);
          });
          ctx.completeNow();
        })));
  }

  /**
   * Verifies that a booking's API version (V9, issue 17) is stored and read back, and kept by an
   * update of the booking.
   */
  @Test
  void testApiVersionRoundTrips(VertxTestContext ctx) {
    Booking v2 = Bookings.stored(Api.QBA, "app-1", T0, 600, 3, null);
    Booking b = new Booking(v2.id(), v2.owner(), v2.api(), v2.qosProfile(), v2.startTime(), v2.start(),
        v2.durationSeconds(), v2.serviceArea(), v2.totalDevices(), v2.remainingDevices(), v2.status(), v2.sink(),
        v2.sinkCredential(), v2.device(), v2.deviceFromToken(), v2.flows(), v2.createdAt(), v2.startedAt(),
        v2.terminatedAt(), v2.version(), io.qosb.booking.ApiVersion.V0_1);
    insert(b).compose(stored -> repo.inTransaction(Set.of(), tx -> tx.updateBooking(stored.withRemainingDevices(2))))
        .compose(updated -> repo.find(b.id()))
        .onComplete(ctx.succeeding(read -> ctx.verify(() -> {
          assertThat(read.orElseThrow().apiVersion()).isEqualTo(io.qosb.booking.ApiVersion.V0_1);
          assertThat(read.orElseThrow().remainingDevices()).isEqualTo(2);
          ctx.completeNow();
        })));
  }

  /** Verifies the optimistic version: an update with a stale version fails with 409 ABORTED. */
  @Test
  void testUpdateFailsForStaleVersion(VertxTestContext ctx) {
    Booking b = Bookings.stored(Api.QBA, "app-1", T0, 600, 5, null);
    insert(b).compose(stored -> repo.inTransaction(Set.of(), tx -> tx.updateBooking(stored.withRemainingDevices(4)))
            .compose(updated -> {
              ctx.verify(() -> assertThat(updated.version()).isEqualTo(2));
              return repo.inTransaction(Set.of(), tx -> tx.updateBooking(stored.withRemainingDevices(3)));
            }))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOfSatisfying(CamaraException.class, e -> assertThat(e.code()).isEqualTo("ABORTED"));
          ctx.completeNow();
        })));
  }

  /** Verifies overlap detection: overlapping windows conflict, adjacent ones and terminal bookings do not. */
  @Test
  void testConflictingDevicesMatchesOverlapOnly(VertxTestContext ctx) {
    Device d = Bookings.newDevice();
    Booking held = Bookings.stored(Api.QBA, "app-1", T0, 3600, 2, null);
    Booking ended = Bookings.stored(Api.QBA, "app-1", T0, 3600, 2, null)
        .withStatus(BookingEvent.REVOKE, T0.minusSeconds(10));
    UUID other = UUID.randomUUID();
    insert(held, d).compose(v -> insert(ended, d))
        .compose(v -> repo.inTransaction(Set.of(d.key()), tx -> Future.all(
            tx.conflictingDevices(List.of(d.key(), "tel:+1000000"), T0.plusSeconds(3599), T0.plusSeconds(7200), other),
            tx.conflictingDevices(List.of(d.key()), T0.plusSeconds(3600), T0.plusSeconds(7200), other),
            tx.conflictingDevices(List.of(d.key()), T0.minusSeconds(60), T0, other),
            tx.conflictingDevices(List.of(d.key()), T0, T0.plusSeconds(60), held.id()))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(all.<List<String>>resultAt(0)).containsExactly(d.key());
          assertThat(all.<List<String>>resultAt(1)).isEmpty();
          assertThat(all.<List<String>>resultAt(2)).isEmpty();
          assertThat(all.<List<String>>resultAt(3)).isEmpty();
          ctx.completeNow();
        })));
  }

  /** Verifies that a second assignment of the same device to a booking is a 409 ABORTED conflict. */
  @Test
  void testDuplicateAssignmentIsConflict(VertxTestContext ctx) {
    Device d = Bookings.newDevice();
    Booking b = Bookings.stored(Api.QBA, "app-1", T0, 600, 3, null);
    insert(b, d).compose(v -> repo.inTransaction(Set.of(d.key()), tx -> tx.insertAssignments(b, List.of(assignment(b, d)))))
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertThat(err).isInstanceOfSatisfying(CamaraException.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.code()).isEqualTo("ABORTED");
          });
          ctx.completeNow();
        })));
  }

  /** Verifies that only live bookings whose window has not ended are found by device. */
  @Test
  void testLiveBookingsOfDevice(VertxTestContext ctx) {
    Device d = Bookings.newDevice();
    Booking early = Bookings.stored(Api.QBA, "app-1", T0, 600, 2, null);
    Booking late = Bookings.stored(Api.QBA, "app-2", T0.plusSeconds(3600), 600, 2, null);
    insert(early, d).compose(v -> insert(late, d))
        .compose(v -> Future.all(repo.liveBookingsOfDevice(d.key(), Api.QBA, "app-1", T0, 100),
            repo.liveBookingsOfDevice(d.key(), Api.QBA, "app-1", T0.plusSeconds(600), 100)))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(all.<List<Booking>>resultAt(0)).extracting(Booking::id).containsExactly(early.id(), late.id());
          assertThat(all.<List<Booking>>resultAt(1)).extracting(Booking::id).containsExactly(late.id());
          ctx.completeNow();
        })));
  }

  /** Verifies that purging deletes ended bookings with their assignments and keeps the others. */
  @Test
  void testPurgeDeletesEndedBookings(VertxTestContext ctx) {
    Device d = Bookings.newDevice();
    Instant base = T0.minusSeconds(86_400 * 400L);
    Booking old = Bookings.stored(Api.QBA, "purge", base, 600, 2, null);
    Booking recent = Bookings.stored(Api.QBA, "purge", base.plusSeconds(7200), 600, 2, null);
    insert(old, d).compose(v -> insert(recent))
        .compose(v -> repo.purgeEndedBefore(base.plusSeconds(600)))
        .compose(n -> {
          ctx.verify(() -> assertThat(n).isEqualTo(1));
          return Future.all(repo.find(old.id()), repo.find(recent.id()), repo.assignments(old.id()));
        })
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(all.<java.util.Optional<Booking>>resultAt(0)).isEmpty();
          assertThat(all.<java.util.Optional<Booking>>resultAt(1)).isPresent();
          assertThat(all.<List<Assignment>>resultAt(2)).isEmpty();
          ctx.completeNow();
        })));
  }

  /**
   * Verifies that migration V8 moves a booking's pending START (else its pending END) job, with its
   * attempts and lease, onto the booking row, deletes those job rows, and leaves finished jobs and the
   * teardown END of a deleted booking in table job.
   */
  @Test
  void testV8MovesPendingStartAndEndJobsOntoTheirBooking(VertxTestContext ctx) {
    Booking fresh = Bookings.stored(Api.QBA, "v8", T0, 600, 2, null);
    Booking started = Bookings.stored(Api.QBA, "v8", T0, 600, 2, null);
    String deleted = UUID.randomUUID().toString();
    long t0 = T0.toEpochMilli();
    String cols = "INSERT INTO job (id, kind, booking_id, device_key, due_ms, state, attempts, updated_ms, lease_owner, "
        + "lease_until) VALUES ('";
    List<String> jobs = List.of(
        cols + UUID.randomUUID() + "', 'START', '" + fresh.id() + "', NULL, " + t0 + ", 'PENDING', 0, 0, NULL, NULL)",
        cols + UUID.randomUUID() + "', 'END', '" + fresh.id() + "', NULL, " + (t0 + 600_000) + ", 'PENDING', 0, 0, NULL, NULL)",
        cols + UUID.randomUUID() + "', 'START', '" + started.id() + "', NULL, " + t0 + ", 'DONE', 1, 0, NULL, NULL)",
        cols + UUID.randomUUID() + "', 'END', '" + started.id() + "', NULL, " + (t0 + 600_000) + ", 'PENDING', 2, 0, 'old', 77)",
        cols + UUID.randomUUID() + "', 'END', '" + deleted + "', NULL, " + t0 + ", 'PENDING', 0, 0, NULL, NULL)");
    List<String> conversion = Migrations.split(Statements.read("db/migrations/V8__booking_due.sql")).stream()
        .filter(st -> st.startsWith("UPDATE") || st.startsWith("DELETE")).toList();
    insert(fresh).compose(v -> insert(started))
        // the rows as a store before V8 wrote them: nothing due on the booking, START and END jobs
        .compose(v -> store.pool().withTransaction(conn -> conn.query("UPDATE booking SET due_kind = NULL, due_ms = NULL, "
            + "due_attempts = 0 WHERE owner = 'v8'").execute()
            .compose(x -> Future.all(jobs.stream().map(j -> conn.query(j).execute()).toList()))))
        .compose(v -> store.pool().withTransaction(conn -> {
          Future<Void> chain = Future.succeededFuture();
          for (String st : conversion) {
            chain = chain.compose(x -> conn.query(st).execute().mapEmpty());
          }
          return chain;
        }))
        .compose(v -> Future.all(
            store.pool().query("SELECT id, due_kind, due_ms, due_attempts, lease_owner, lease_until FROM booking "
                + "WHERE owner = 'v8'").execute(),
            store.pool().query("SELECT kind, state, booking_id FROM job WHERE booking_id IN ('" + fresh.id() + "', '"
                + started.id() + "', '" + deleted + "') ORDER BY kind, state").execute()))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          java.util.Map<String, Row> byId = new java.util.HashMap<>();
          all.<RowSet<Row>>resultAt(0).forEach(r -> byId.put(r.getString(0), r));
          assertThat(conversion).hasSize(3);
          Row f = byId.get(fresh.id().toString());
          assertThat(List.of(f.getString(1), f.getLong(2), f.getInteger(3))).containsExactly("START", t0, 0);
          assertThat(f.getString(4)).isNull();
          Row s2 = byId.get(started.id().toString());
          assertThat(List.of(s2.getString(1), s2.getLong(2), s2.getInteger(3), s2.getString(4), s2.getLong(5)))
              .containsExactly("END", t0 + 600_000, 2, "old", 77L);
          List<String> left = new java.util.ArrayList<>();
          all.<RowSet<Row>>resultAt(1).forEach(r -> left.add(r.getString(0) + " " + r.getString(1) + " "
              + (r.getString(2).equals(deleted) ? "deleted" : r.getString(2).equals(started.id().toString())
              ? "started" : "fresh")));
          assertThat(left).containsExactly("END PENDING deleted", "START DONE started");
          ctx.completeNow();
        })));
  }

  /**
   * Verifies that migration V10 moves a device's pending ACTIVATE job, with its attempts and lease, onto
   * its assignment row, deletes that job row, and leaves finished jobs and the ACTIVATE of a device no
   * longer assigned in table job.
   */
  @Test
  void testV10MovesPendingActivateJobsOntoTheirAssignment(VertxTestContext ctx) {
    Device one = Bookings.newDevice();
    Device two = Bookings.newDevice();
    Booking b = Bookings.stored(Api.QBA, "v10", T0, 600, 2, null);
    long t0 = T0.toEpochMilli();
    String cols = "INSERT INTO job (id, kind, booking_id, device_key, due_ms, state, attempts, updated_ms, lease_owner, "
        + "lease_until) VALUES ('";
    List<String> jobs = List.of(
        cols + UUID.randomUUID() + "', 'ACTIVATE', '" + b.id() + "', '" + one.key() + "', " + t0
            + ", 'PENDING', 2, 0, 'old', 77)",
        cols + UUID.randomUUID() + "', 'ACTIVATE', '" + b.id() + "', '" + two.key() + "', " + t0
            + ", 'DONE', 1, 0, NULL, NULL)",
        cols + UUID.randomUUID() + "', 'ACTIVATE', '" + b.id() + "', 'released-device', " + t0
            + ", 'PENDING', 0, 0, NULL, NULL)");
    List<String> conversion = Migrations.split(Statements.read("db/migrations/V10__assignment_activation.sql")).stream()
        .filter(st -> st.startsWith("UPDATE") || st.startsWith("DELETE")).toList();
    insert(b, one, two)
        .compose(v -> store.pool().withTransaction(conn -> Future.all(jobs.stream().map(j -> conn.query(j).execute())
            .toList())))
        .compose(v -> store.pool().withTransaction(conn -> {
          Future<Void> chain = Future.succeededFuture();
          for (String st : conversion) {
            chain = chain.compose(x -> conn.query(st).execute().mapEmpty());
          }
          return chain;
        }))
        .compose(v -> Future.all(
            store.pool().query("SELECT device_key, sub_due_ms, sub_attempts, sub_lease_owner, sub_lease_until "
                + "FROM assignment WHERE booking_id = '" + b.id() + "'").execute(),
            store.pool().query("SELECT kind, state, device_key FROM job WHERE booking_id = '" + b.id()
                + "' ORDER BY state").execute()))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          java.util.Map<String, Row> byKey = new java.util.HashMap<>();
          all.<RowSet<Row>>resultAt(0).forEach(r -> byKey.put(r.getString(0), r));
          assertThat(conversion).hasSize(2);
          Row a1 = byKey.get(one.key());
          assertThat(List.of(a1.getLong(1), a1.getInteger(2), a1.getString(3), a1.getLong(4)))
              .containsExactly(t0, 2, "old", 77L);
          Row a2 = byKey.get(two.key());
          assertThat(a2.getLong(1)).as("a done activation leaves nothing due").isNull();
          assertThat(a2.getInteger(2)).isZero();
          List<String> left = new java.util.ArrayList<>();
          all.<RowSet<Row>>resultAt(1).forEach(r -> left.add(r.getString(0) + " " + r.getString(1) + " "
              + r.getString(2)));
          assertThat(left).containsExactly("ACTIVATE DONE " + two.key(), "ACTIVATE PENDING released-device");
          ctx.completeNow();
        })));
  }

  /**
   * Verifies that migration V12 moves the subscription record of a device still assigned onto its
   * assignment row (every field) and deletes its nef_subscription row, keeps the record of a device no
   * longer assigned in nef_subscription, and that the store reads both by token and by state.
   */
  @Test
  void testV12MovesSubscriptionRecordsOntoTheirAssignment(VertxTestContext ctx) {
    Device one = Bookings.newDevice();
    Device two = Bookings.newDevice();
    Booking b = Bookings.stored(Api.QBA, "v12", T0, 600, 2, null);
    String tokenOne = "tok-one-" + UUID.randomUUID();
    String tokenGone = "tok-gone-" + UUID.randomUUID();
    String cols = "INSERT INTO nef_subscription (booking_id, device_key, state, token, resource_url, last_event, "
        + "last_event_ms, updated_ms) VALUES ('";
    List<String> records = List.of(
        cols + b.id() + "', '" + one.key() + "', 'ACTIVE', '" + tokenOne + "', 'http://nef/subs/1', "
            + "'SUCCESSFUL_RESOURCES_ALLOCATION', 11, 12)",
        cols + b.id() + "', 'released-device', 'PENDING_DELETE', '" + tokenGone + "', 'http://nef/subs/2', NULL, "
            + "NULL, 13)");
    List<String> conversion = Migrations.split(Statements.read("db/migrations/V12__assignment_subscription.sql"))
        .stream().filter(st -> st.startsWith("UPDATE") || st.startsWith("DELETE")).toList();
    insert(b, one, two)
        .compose(v -> store.pool().withTransaction(conn -> Future.all(records.stream()
            .map(r -> conn.query(r).execute()).toList())))
        .compose(v -> store.pool().withTransaction(conn -> {
          Future<Void> chain = Future.succeededFuture();
          for (String st : conversion) {
            chain = chain.compose(x -> conn.query(st).execute().mapEmpty());
          }
          return chain;
        }))
        .compose(v -> Future.all(
            store.pool().query("SELECT device_key, sub_state, sub_token, sub_url, sub_event, sub_event_ms, "
                + "sub_updated_ms FROM assignment WHERE booking_id = '" + b.id() + "'").execute(),
            store.pool().query("SELECT device_key, state FROM nef_subscription WHERE booking_id = '" + b.id() + "'")
                .execute(),
            store.activation().subscriptionByToken(tokenOne),
            store.activation().subscriptionByToken(tokenGone),
            store.activation().subscriptionsIn(List.of(SubscriptionState.ACTIVE, SubscriptionState.PENDING_DELETE))))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertThat(conversion).hasSize(2);
          java.util.Map<String, Row> byKey = new java.util.HashMap<>();
          all.<RowSet<Row>>resultAt(0).forEach(r -> byKey.put(r.getString(0), r));
          Row a1 = byKey.get(one.key());
          assertThat(List.of(a1.getString(1), a1.getString(2), a1.getString(3), a1.getString(4), a1.getLong(5),
              a1.getLong(6))).containsExactly("ACTIVE", tokenOne, "http://nef/subs/1",
              "SUCCESSFUL_RESOURCES_ALLOCATION", 11L, 12L);
          assertThat(byKey.get(two.key()).getString(1)).as("no record, nothing on the row").isNull();
          List<String> left = new java.util.ArrayList<>();
          all.<RowSet<Row>>resultAt(1).forEach(r -> left.add(r.getString(0) + " " + r.getString(1)));
          assertThat(left).containsExactly("released-device PENDING_DELETE");
          java.util.Optional<NefSubscriptionRecord> onRow = all.resultAt(2);
          assertThat(onRow).get().extracting(NefSubscriptionRecord::deviceKey, NefSubscriptionRecord::state,
              NefSubscriptionRecord::resourceUrl).containsExactly(one.key(), SubscriptionState.ACTIVE, "http://nef/subs/1");
          java.util.Optional<NefSubscriptionRecord> leftover = all.resultAt(3);
          assertThat(leftover).get().extracting(NefSubscriptionRecord::deviceKey, NefSubscriptionRecord::state)
              .containsExactly("released-device", SubscriptionState.PENDING_DELETE);
          List<NefSubscriptionRecord> live = all.resultAt(4);
          assertThat(live).extracting(NefSubscriptionRecord::token).containsExactly(tokenOne, tokenGone);
          ctx.completeNow();
        })));
  }

  /** Verifies that a booking whose END has yet to run is not purged: its row is the teardown job. */
  @Test
  void testPurgeKeepsBookingWhoseEndIsDue(VertxTestContext ctx) {
    Instant base = T0.minusSeconds(86_400 * 500L);
    Booking b = Bookings.stored(Api.QBA, "purge-end", base, 600, 2, null);
    insert(b)
        .compose(v -> store.pool().withTransaction(conn -> conn.query("UPDATE booking SET due_kind = 'END', "
            + "due_ms = end_ms WHERE id = '" + b.id() + "'").execute()))
        .compose(v -> repo.purgeEndedBefore(base.plusSeconds(3600)))
        .compose(n -> repo.find(b.id()))
        .onComplete(ctx.succeeding(found -> ctx.verify(() -> {
          assertThat(found).as("kept until its END ran").isPresent();
          ctx.completeNow();
        })));
  }
}
