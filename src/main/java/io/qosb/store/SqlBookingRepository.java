package io.qosb.store;

import io.qosb.booking.Api;
import io.qosb.booking.Assignment;
import io.qosb.booking.Booking;
import io.qosb.booking.BookingRepository;
import io.qosb.booking.CamaraException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@link BookingRepository} over a Vert.x SQL pool. Assignments of one device are serialised by a
 * {@code device_lock} row per device key, locked {@code FOR UPDATE} at the start of the transaction
 * in key order, on PostgreSQL (replicas share it); on the embedded H2 store, which one process owns,
 * by {@link DeviceLocks} in that process, in the same order. Neither can deadlock between devices.
 *
 * <p>Every write runs in {@code withTransaction}, never as a bare pool query: a Vert.x 5.0.10 JDBC
 * pool connection stays in manual-commit mode after its first transaction, so a later bare write on
 * it would never be committed.
 */
public final class SqlBookingRepository implements BookingRepository {

  /**
   * Event bus address (local) on which the due time (epoch ms, a Long) of the earliest job a
   * committed transaction wrote is published, so that the scheduler runs jobs due now at once.
   */
  public static final String JOBS_SCHEDULED_ADDRESS = "qosb.jobs.scheduled";

  private final Vertx vertx;
  private final Pool pool;
  private final Statements sql;
  private final SecretCipher cipher;
  private volatile HandOff handOff;
  private final DeviceLocks localLocks;

  /**
   * @param localLocks the device locks of an embedded H2 database, held in this process instead of
   *     {@code device_lock} rows; null to lock rows (PostgreSQL, shared by replicas)
   */
  SqlBookingRepository(Vertx vertx, Pool pool, Statements sql, SecretCipher cipher, DeviceLocks localLocks) {
    this.localLocks = localLocks;
    this.vertx = Objects.requireNonNull(vertx);
    this.pool = Objects.requireNonNull(pool);
    this.sql = Objects.requireNonNull(sql);
    this.cipher = Objects.requireNonNull(cipher);
  }

  @Override
  public <T> Future<T> inTransaction(Collection<String> deviceKeys, Function<BookingTx, Future<T>> work) {
    return inTransaction(deviceKeys, (c, s) -> new SqlBookingTx(c, s, cipher), work::apply);
  }

  /** {@link #inTransaction(Collection, Function)} with another kind of transaction object. */
  <T, X extends SqlBookingTx> Future<T> inTransaction(Collection<String> deviceKeys,
      BiFunction<SqlConnection, Statements, X> txFactory, Function<X, Future<T>> work) {
    TreeSet<String> keys = new TreeSet<>(deviceKeys);
    AtomicReference<X> tx = new AtomicReference<>();
    Function<SqlConnection, Future<T>> transaction = conn -> {
      tx.set(txFactory.apply(conn, sql));
      tx.get().handOff(handOff);
      return work.apply(tx.get());
    };
    Future<T> done = localLocks != null
        ? localLocks.withLocks(vertx, keys, () -> pool.withTransaction(transaction))
        : ensureLockRows(keys).compose(v -> pool.withTransaction(conn -> {
          Future<Void> locked = Future.succeededFuture();
          for (String key : keys) {
            locked = locked.compose(x -> conn.preparedQuery(sql.get("lockDevice")).execute(Tuple.of(key)).mapEmpty());
          }
          return locked.compose(x -> transaction.apply(conn));
        }));
    return done
        .onSuccess(r -> {
          X finished = tx.get();
          Instant due = finished == null ? null : finished.earliestJob();
          if (due != null) {
            vertx.eventBus().publish(JOBS_SCHEDULED_ADDRESS, due.toEpochMilli());
          }
          if (finished != null && !finished.handedOff().isEmpty()) {
            finished.handOffTarget().receiver().accept(finished.handedOff());
          }
        })
        .recover(SqlErrors::translate);
  }

  /** Sets (or, with null, removes) the scheduler that takes jobs due at once; see {@link HandOff}. */
  synchronized void handOff(HandOff target) {
    this.handOff = target;
  }

  /** Removes the hand-off if it is still the one of {@code owner}. */
  synchronized void stopHandOff(String owner) {
    if (handOff != null && handOff.owner().equals(owner)) {
      handOff = null;
    }
  }

  /** Lock rows are created outside the transaction, committed, so that every transaction finds them. */
  private Future<Void> ensureLockRows(Collection<String> keys) {
    if (keys.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = keys.stream().map(Tuple::of).toList();
    return pool.withTransaction(conn -> conn.preparedQuery(sql.get("ensureDeviceLock")).executeBatch(batch)).<Void>mapEmpty()
        // a concurrent insert of the same key is as good as ours
        .recover(err -> SqlErrors.isDuplicateKey(err) ? Future.succeededFuture() : Future.failedFuture(err));
  }

  @Override
  public Future<Optional<Booking>> find(UUID id) {
    return one(pool, "findBooking", Tuple.of(id.toString()));
  }

  @Override
  public Future<List<Assignment>> assignments(UUID bookingId) {
    return assignments(pool, sql, cipher, bookingId);
  }

  @Override
  public Future<List<Booking>> liveBookingsOfDevice(String deviceKey, Api api, String owner, Instant now, int limit) {
    return list(pool, "liveBookingsOfDevice", Tuple.of(api.name(), deviceKey, now.toEpochMilli(), owner, limit));
  }

  @Override
  public Future<List<Booking>> bookingsOfOwner(String owner) {
    return list(pool, "bookingsOfOwner", Tuple.of(owner));
  }

  @Override
  public Future<List<UUID>> dueForExpiry(Instant now, int limit) {
    return pool.preparedQuery(sql.get("dueForExpiry")).execute(Tuple.of(now.toEpochMilli(), limit))
        .map(rows -> {
          List<UUID> ids = new ArrayList<>();
          rows.forEach(r -> ids.add(UUID.fromString(r.getString(0))));
          return ids;
        });
  }

  /** @return the number of stored bookings per engine state (REQUESTED, SCHEDULED, ACTIVE, TERMINATED) */
  public Future<java.util.Map<String, Long>> countByState() {
    return pool.preparedQuery(sql.get("countByState")).execute().map(rows -> {
      java.util.Map<String, Long> counts = new java.util.HashMap<>();
      rows.forEach(r -> counts.put(r.getString(0), r.getLong(1)));
      return counts;
    });
  }

  @Override
  public Future<Integer> purgeEndedBefore(Instant cutoff) {
    long ms = cutoff.toEpochMilli();
    // a subscription the NEF may still hold outlives the purged assignment rows as a leftover (V12)
    return pool.withTransaction(conn -> conn.preparedQuery(sql.get("moveSubscriptionsOfPurged")).execute(Tuple.of(ms, ms))
            .compose(v -> conn.preparedQuery(sql.get("purgeEndedBefore")).execute(Tuple.of(ms, ms))))
        .map(RowSet::rowCount);
  }

  private Future<Optional<Booking>> one(SqlClient client, String statement, Tuple args) {
    return list(client, statement, args).map(l -> l.stream().findFirst());
  }

  private Future<List<Booking>> list(SqlClient client, String statement, Tuple args) {
    return list(client, sql, cipher, statement, args);
  }

  static Future<List<Booking>> list(SqlClient client, Statements sql, SecretCipher cipher, String statement,
      Tuple args) {
    return client.preparedQuery(sql.get(statement)).execute(args).<List<Booking>>map(rows -> {
      List<Booking> out = new ArrayList<>();
      for (Row r : rows) {
        out.add(BookingRows.booking(r, cipher));
      }
      return out;
    }).recover(SqlErrors::translate);
  }

  static Future<List<Assignment>> assignments(SqlClient client, Statements sql, SecretCipher cipher, UUID bookingId) {
    return client.preparedQuery(sql.get("assignments")).execute(Tuple.of(bookingId.toString())).map(rows -> {
      List<Assignment> out = new ArrayList<>();
      for (Row r : rows) {
        out.add(BookingRows.assignment(r, cipher));
      }
      return out;
    });
  }

  /** The version mismatch failure of an optimistic update. */
  static CamaraException staleVersion() {
    return new CamaraException(409, "ABORTED", "The booking was changed concurrently; try again.");
  }
}
