package io.qosb.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import io.qosb.booking.StatusListener;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * Durable jobs and NEF subscription records. A job is a row of table {@code job} (a device's
 * DEACTIVATE, a deleted booking's teardown END), the START or END a booking row carries itself
 * ({@code booking.due_kind}, {@code due_ms}; {@link Job#onBooking()}), or the ACTIVATE a device's
 * assignment row carries itself ({@code assignment.sub_due_ms}, V10; {@link Job#onAssignment()}). Jobs are claimed with a
 * lease ({@code lease_owner}, {@code lease_until}) in one transaction per batch (see {@link #claimDue}),
 * renewed while they run ({@link #renewLeases}); a claim settles a job only while its owner and attempt
 * still hold it. A claim whose owner dies runs out at {@code lease_until}, after which any scheduler
 * may claim the job again. Every write runs in a transaction (see {@link SqlBookingRepository}).
 */
public final class ActivationStore {

  /**
   * What the gauges show.
   *
   * @param pendingJobs jobs not done yet
   * @param failedJobs jobs that gave up and are not purged yet
   * @param activeSubscriptions subscriptions recorded as active on the NEF
   */
  public record Counts(long pendingJobs, long failedJobs, long activeSubscriptions) {
  }

  private final Pool pool;
  private final Statements sql;
  private final SqlBookingRepository bookings;
  private final SecretCipher cipher;

  ActivationStore(Pool pool, Statements sql, SqlBookingRepository bookings, SecretCipher cipher) {
    this.pool = Objects.requireNonNull(pool);
    this.sql = Objects.requireNonNull(sql);
    this.bookings = Objects.requireNonNull(bookings);
    this.cipher = Objects.requireNonNull(cipher);
  }

  private volatile StatusListener statusListener = StatusListener.NONE;

  /**
   * Sets who is told of status changes made in these transactions (the notifier); wiring only,
   * before the scheduler starts.
   */
  public void onStatusChange(StatusListener listener) {
    this.statusListener = Objects.requireNonNull(listener);
  }

  /**
   * Makes jobs due at once go straight to {@code receiver}, claimed by {@code owner} for
   * {@code lease}, after the commit of the transaction that wrote them, as long as {@code accepts}
   * takes their number (see {@link HandOff}); replaces an earlier receiver.
   */
  public void handOff(String owner, Duration lease, Clock clock, IntPredicate accepts, Consumer<List<Job>> receiver) {
    bookings.handOff(new HandOff(owner, lease, clock, accepts, receiver));
  }

  /** Stops the hand-off to {@code owner}, if it still receives it: due jobs wait for a claim again. */
  public void stopHandOff(String owner) {
    bookings.stopHandOff(owner);
  }

  /** Like {@link SqlBookingRepository#inTransaction}, with the subscription and job operations too. */
  public <T> Future<T> inTransaction(Collection<String> deviceKeys, Function<ActivationTx, Future<T>> work) {
    return bookings.inTransaction(deviceKeys, (c, q) -> new ActivationTx(c, q, cipher, statusListener), work);
  }

  /** The record holding this notification token, or empty. */
  public Future<Optional<NefSubscriptionRecord>> subscriptionByToken(String token) {
    return pool.preparedQuery(sql.get("subscriptionByToken")).execute(Tuple.of(token, token))
        .map(rows -> ActivationRows.subscriptions(rows).stream().findFirst());
  }

  /** The records in any of the states, oldest change first. */
  public Future<List<NefSubscriptionRecord>> subscriptionsIn(Collection<SubscriptionState> states) {
    List<Future<List<NefSubscriptionRecord>>> reads = states.stream()
        .map(s -> pool.preparedQuery(sql.get("subscriptionsInState")).execute(Tuple.of(s.name(), s.name()))
            .map(ActivationRows::subscriptions))
        .toList();
    return Future.all(reads).map(all -> {
      List<NefSubscriptionRecord> out = new ArrayList<>();
      reads.forEach(f -> out.addAll(f.result()));
      out.sort(Comparator.comparing(NefSubscriptionRecord::updatedAt));
      return out;
    });
  }

  /**
   * Claims up to {@code limit} jobs due at {@code now} whose lease is free, for {@code lease}, in one
   * transaction: first bookings whose own START or END is due ({@code booking.due_ms}), then rows of
   * table {@code job}. On PostgreSQL one {@code UPDATE ... SKIP LOCKED} statement per table; on H2 per
   * table the due ids, one conditional {@code UPDATE ... WHERE id IN (...)} that only takes rows still
   * free, and a read of the rows it leased.
   *
   * @return the claimed jobs, earliest due first, attempts counted
   */
  public Future<List<Job>> claimDue(String owner, Instant now, Duration lease, int limit) {
    long nowMs = now.toEpochMilli();
    long until = now.plus(lease).toEpochMilli();
    return pool.withTransaction(conn -> claimBookings(conn, owner, nowMs, until, limit)
        .compose(claimed -> topUp(claimed, limit, room -> claimAssignments(conn, owner, nowMs, until, room)))
        .compose(claimed -> topUp(claimed, limit, room -> claimJobs(conn, owner, nowMs, until, room))))
        .map(ActivationStore::sorted);
  }

  /** The claims so far, topped up with what {@code more} claims in the room left below {@code limit}. */
  private static Future<List<Job>> topUp(List<Job> claimed, int limit, IntFunction<Future<List<Job>>> more) {
    if (claimed.size() >= limit) {
      return Future.succeededFuture(claimed);
    }
    return more.apply(limit - claimed.size()).map(rows -> {
      List<Job> all = new ArrayList<>(claimed);
      all.addAll(rows);
      return all;
    });
  }

  /**
   * Claims due activations carried by assignment rows (V10): on PostgreSQL one {@code UPDATE ... SKIP
   * LOCKED}; on H2 the due keys, one conditional update per key in one batch statement (in key order),
   * and a read of the rows leased, by their bookings' primary key prefix.
   */
  private Future<List<Job>> claimAssignments(SqlConnection conn, String owner, long nowMs, long until, int limit) {
    if (sql.dialect() == Dialect.POSTGRESQL) {
      return conn.preparedQuery(sql.get("claimAssignments")).execute(Tuple.of(owner, until, nowMs, nowMs, limit))
          .map(ActivationRows::assignmentJobs);
    }
    return conn.preparedQuery(sql.get("dueAssignments")).execute(Tuple.of(nowMs, nowMs, limit)).compose(rows -> {
      List<String[]> keys = new ArrayList<>();
      rows.forEach(r -> keys.add(new String[] {r.getString(0), r.getString(1)}));
      if (keys.isEmpty()) {
        return Future.succeededFuture(List.<Job>of());
      }
      keys.sort(Comparator.<String[], String>comparing(k -> k[0]).thenComparing(k -> k[1]));
      List<Tuple> batch = keys.stream().map(k -> Tuple.of(owner, until, k[0], k[1], nowMs, nowMs)).toList();
      List<String> bookingIds = keys.stream().map(k -> k[0]).distinct().toList();
      return conn.preparedQuery(sql.get("claimAssignment")).executeBatch(batch)
          .compose(updated -> conn.preparedQuery(sql.withKeys("claimedAssignments", bookingIds.size()))
              .execute(leased(bookingIds, owner, until)).map(ActivationRows::assignmentJobs));
    });
  }

  private Future<List<Job>> claimBookings(SqlConnection conn, String owner, long nowMs, long until, int limit) {
    if (sql.dialect() == Dialect.POSTGRESQL) {
      return conn.preparedQuery(sql.get("claimBookings")).execute(Tuple.of(owner, until, nowMs, nowMs, limit))
          .map(ActivationRows::bookingJobs);
    }
    return conn.preparedQuery(sql.get("dueBookings")).execute(Tuple.of(nowMs, nowMs, limit)).compose(rows -> {
      List<String> ids = ids(rows);
      if (ids.isEmpty()) {
        return Future.succeededFuture(List.<Job>of());
      }
      Tuple update = Tuple.of(owner, until);
      ids.forEach(update::addValue);
      update.addValue(nowMs).addValue(nowMs);
      return conn.preparedQuery(sql.withKeys("claimBookingsIn", ids.size())).execute(update)
          .compose(updated -> updated.rowCount() == 0 ? Future.succeededFuture(List.<Job>of())
              : conn.preparedQuery(sql.withKeys("claimedBookings", ids.size())).execute(leased(ids, owner, until))
                  .map(ActivationRows::bookingJobs));
    });
  }

  private Future<List<Job>> claimJobs(SqlConnection conn, String owner, long nowMs, long until, int limit) {
    if (sql.dialect() == Dialect.POSTGRESQL) {
      return conn.preparedQuery(sql.get("claimJobs")).execute(Tuple.of(owner, until, nowMs, nowMs, nowMs, limit))
          .map(ActivationRows::jobs);
    }
    return conn.preparedQuery(sql.get("dueJobs")).execute(Tuple.of(nowMs, nowMs, limit)).compose(rows -> {
      List<String> ids = ids(rows);
      return ids.isEmpty() ? Future.succeededFuture(List.<Job>of()) : claimIds(conn, ids, owner, nowMs, until);
    });
  }

  /** The ids of the rows, sorted: one order for every claimer, so that two claims lock the rows they share alike. */
  private static List<String> ids(RowSet<Row> rows) {
    List<String> ids = new ArrayList<>();
    rows.forEach(r -> ids.add(r.getString(0)));
    ids.sort(null);
    return ids;
  }

  private static Tuple leased(List<String> ids, String owner, long until) {
    Tuple read = Tuple.tuple();
    ids.forEach(read::addValue);
    return read.addValue(owner).addValue(until);
  }

  private Future<List<Job>> claimIds(SqlConnection conn, List<String> ids, String owner, long nowMs, long until) {
    Tuple update = Tuple.of(owner, until, nowMs);
    ids.forEach(update::addValue);
    update.addValue(nowMs);
    return conn.preparedQuery(sql.withKeys("claimJobsIn", ids.size())).execute(update)
        .compose(updated -> updated.rowCount() == 0 ? Future.succeededFuture(List.<Job>of())
            : conn.preparedQuery(sql.withKeys("claimedJobs", ids.size())).execute(leased(ids, owner, until))
                .map(ActivationRows::jobs));
  }

  private static List<Job> sorted(List<Job> jobs) {
    List<Job> out = new ArrayList<>(jobs);
    out.sort(Comparator.comparing(Job::dueAt));
    return out;
  }

  /**
   * Extends the leases of running jobs to {@code until}, in one transaction (one batch statement per
   * table), where {@code owner}'s claim (owner and attempt) still holds them; a settled job is left
   * alone.
   *
   * @return how many leases were extended
   */
  public Future<Integer> renewLeases(Collection<Job> jobs, String owner, Instant until) {
    List<Tuple> rows = new ArrayList<>();
    List<Tuple> bookingRows = new ArrayList<>();
    List<Tuple> assignmentRows = new ArrayList<>();
    for (Job j : jobs) {
      switch (j.carrier()) {
        case BOOKING -> bookingRows.add(
            Tuple.of(until.toEpochMilli(), j.bookingId().toString(), j.kind().name(), owner, j.attempts()));
        case ASSIGNMENT -> assignmentRows.add(ActivationTx.assignmentClaim(Tuple.of(until.toEpochMilli()), j, owner));
        default -> rows.add(Tuple.of(until.toEpochMilli(), j.id().toString(), owner, j.attempts()));
      }
    }
    return pool.withTransaction(conn -> renew(conn, "renewJobLease", rows)
        .compose(n -> renew(conn, "renewBookingLease", bookingRows).map(m -> n + m))
        .compose(n -> renew(conn, "renewActivationLease", assignmentRows).map(m -> n + m)));
  }

  private Future<Integer> renew(SqlConnection conn, String statement, List<Tuple> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture(0);
    }
    return conn.preparedQuery(sql.get(statement)).executeBatch(batch).map(rows -> {
      int n = 0;
      for (RowSet<Row> r = rows; r != null; r = r.next()) {
        n += r.rowCount();
      }
      return n;
    });
  }

  /** Marks a claimed job done in a transaction of its own; false if the claim was lost meanwhile. */
  public Future<Boolean> completeJob(Job job, String owner, Instant now) {
    return inTransaction(List.of(), tx -> tx.completeJob(job, owner, now));
  }

  /** When the earliest pending job can next be claimed: its due time, or the end of its lease. */
  public Future<Optional<Instant>> nextDue() {
    return pool.query(sql.get("nextDueJob")).execute()
        .map(rows -> {
          Long ms = rows.iterator().hasNext() ? rows.iterator().next().getLong(0) : null;
          return Optional.ofNullable(ms).map(Instant::ofEpochMilli);
        });
  }

  /** The numbers behind the job and subscription gauges. */
  public Future<Counts> counts() {
    Future<RowSet<Row>> jobs = pool.query(sql.get("jobCounts")).execute();
    Future<RowSet<Row>> active = pool.query(sql.get("activeSubscriptionCount")).execute();
    return Future.all(jobs, active).map(v -> {
      long pending = 0;
      long failed = 0;
      for (Row r : jobs.result()) {
        long n = r.getLong(1);
        if ("PENDING".equals(r.getString(0))) {
          pending += n;
        } else {
          failed += n;
        }
      }
      return new Counts(pending, failed, active.result().iterator().next().getLong(0));
    });
  }

  /** Deletes finished jobs and records of gone subscriptions last changed at or before the cutoff. */
  public Future<Integer> purge(Instant cutoff) {
    Tuple args = Tuple.of(cutoff.toEpochMilli());
    return pool.withTransaction(conn -> conn.preparedQuery(sql.get("purgeJobs")).execute(args)
        .compose(jobs -> conn.preparedQuery(sql.get("purgeSubscriptions")).execute(args)
            .map(subs -> jobs.rowCount() + subs.rowCount())));
  }
}
