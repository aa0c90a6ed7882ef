package io.qosb.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import io.qosb.booking.StatusListener;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Durable jobs and NEF subscription records. Jobs are claimed with a lease ({@code lease_owner},
 * {@code lease_until}): on PostgreSQL in one {@code UPDATE ... FOR UPDATE SKIP LOCKED} statement, on
 * H2 by a conditional update per job that only one transaction can win. A claim whose owner dies
 * runs out at {@code lease_until}, after which any scheduler may claim the job again. Every write
 * runs in a transaction (see {@link SqlBookingRepository}).
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

  /** Like {@link SqlBookingRepository#inTransaction}, with the subscription and job operations too. */
  public <T> Future<T> inTransaction(Collection<String> deviceKeys, Function<ActivationTx, Future<T>> work) {
    return bookings.inTransaction(deviceKeys, (c, q) -> new ActivationTx(c, q, cipher, statusListener), work);
  }

  /** The record holding this notification token, or empty. */
  public Future<Optional<NefSubscriptionRecord>> subscriptionByToken(String token) {
    return pool.preparedQuery(sql.get("subscriptionByToken")).execute(Tuple.of(token))
        .map(rows -> ActivationRows.subscriptions(rows).stream().findFirst());
  }

  /** The records in any of the states, oldest change first. */
  public Future<List<NefSubscriptionRecord>> subscriptionsIn(Collection<SubscriptionState> states) {
    List<Future<List<NefSubscriptionRecord>>> reads = states.stream()
        .map(s -> pool.preparedQuery(sql.get("subscriptionsInState")).execute(Tuple.of(s.name()))
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
   * Claims up to {@code limit} jobs due at {@code now} whose lease is free, for {@code lease}.
   *
   * @return the claimed jobs, earliest due first, attempts counted
   */
  public Future<List<Job>> claimDue(String owner, Instant now, Duration lease, int limit) {
    long nowMs = now.toEpochMilli();
    long until = now.plus(lease).toEpochMilli();
    if (sql.dialect() == Dialect.POSTGRESQL) {
      Tuple args = Tuple.of(owner, until, nowMs, nowMs, nowMs, limit);
      return pool.withTransaction(conn -> conn.preparedQuery(sql.get("claimJobs")).execute(args))
          .map(rows -> sorted(ActivationRows.jobs(rows)));
    }
    return pool.preparedQuery(sql.get("dueJobs")).execute(Tuple.of(nowMs, nowMs, limit)).compose(rows -> {
      List<Future<Optional<Job>>> claims = new ArrayList<>();
      rows.forEach(r -> claims.add(claimOne(r.getString(0), owner, nowMs, until)));
      return Future.all(claims).map(v -> sorted(claims.stream().flatMap(f -> f.result().stream()).toList()));
    });
  }

  private Future<Optional<Job>> claimOne(String id, String owner, long nowMs, long until) {
    return pool.withTransaction(conn -> conn.preparedQuery(sql.get("claimJob"))
        .execute(Tuple.of(owner, until, nowMs, id, nowMs))
        .compose(updated -> updated.rowCount() == 0 ? Future.succeededFuture(Optional.<Job>empty())
            : claimed(conn, id, owner)));
  }

  private Future<Optional<Job>> claimed(SqlConnection conn, String id, String owner) {
    return conn.preparedQuery(sql.get("claimedJob")).execute(Tuple.of(id, owner))
        .map(rows -> ActivationRows.jobs(rows).stream().findFirst());
  }

  private static List<Job> sorted(List<Job> jobs) {
    List<Job> out = new ArrayList<>(jobs);
    out.sort(Comparator.comparing(Job::dueAt));
    return out;
  }

  /** Marks a claimed job done; false if the lease was lost meanwhile. */
  public Future<Boolean> completeJob(Job job, String owner, Instant now) {
    return update("completeJob", Tuple.of(now.toEpochMilli(), job.id().toString(), owner));
  }

  /** Releases a claimed job to run again at {@code nextDue}; false if the lease was lost. */
  public Future<Boolean> retryJob(Job job, String owner, Instant nextDue, String error, Instant now) {
    return update("retryJob", Tuple.of(nextDue.toEpochMilli(), clip(error), now.toEpochMilli(), job.id().toString(), owner));
  }

  /** Gives a claimed job up for good; false if the lease was lost. */
  public Future<Boolean> failJob(Job job, String owner, String error, Instant now) {
    return update("failJob", Tuple.of(clip(error), now.toEpochMilli(), job.id().toString(), owner));
  }

  private Future<Boolean> update(String statement, Tuple args) {
    return pool.withTransaction(conn -> conn.preparedQuery(sql.get(statement)).execute(args))
        .map(rows -> rows.rowCount() == 1);
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
          pending = n;
        } else {
          failed = n;
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

  private static String clip(String error) {
    String text = String.valueOf(error);
    return text.length() > 500 ? text.substring(0, 500) : text;
  }
}
