package io.qosb.notify;

import io.qosb.booking.OutboxEntry;
import io.qosb.store.Dialect;
import io.qosb.store.SecretCipher;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * The outbox tables (V4) as the delivery worker uses them: lease claims, outcomes, gone sinks,
 * backlog. Every write runs in {@code withTransaction} (JDBC pool connections stay in manual commit).
 */
final class OutboxStore {

  /** Terminal states of an event. */
  enum Final { DELIVERED, GONE, EXPIRED_CREDENTIAL, DEAD }

  /** Events waiting to be sent and the creation time of the oldest (null when none). */
  record Backlog(long count, Instant oldest) {
  }

  private final Pool pool;
  private final NamedSql sql;
  private final SecretCipher cipher;

  OutboxStore(Pool pool, Dialect dialect, SecretCipher cipher) {
    this.pool = Objects.requireNonNull(pool);
    this.sql = new NamedSql(dialect);
    this.cipher = Objects.requireNonNull(cipher);
  }

  /** A due event a claim may take: its sequence number and the host of its sink ({@link OutboxEntry#hostOf}). */
  record Candidate(long seq, String host) {
  }

  /** Leases up to {@code limit} due events, at most one per booking, whatever their hosts. */
  Future<List<OutboxEvent>> claim(String owner, Instant now, Duration lease, int limit) {
    return claim(owner, now, lease, limit, List.of(), Function.identity());
  }

  /**
   * Leases due events, at most one per booking (the head of its queue), to {@code owner} until
   * {@code now + lease}: reads up to {@code limit} candidates in outbox order, passing over those of
   * {@code busyHosts}, and claims those {@code choose} keeps (other workers may have taken some).
   */
  Future<List<OutboxEvent>> claim(String owner, Instant now, Duration lease, int limit, Collection<String> busyHosts,
      Function<List<Candidate>, List<Candidate>> choose) {
    long ms = now.toEpochMilli();
    long until = now.plus(lease).toEpochMilli();
    String busy = busyHosts.isEmpty() ? ""
        : "AND (e.sink_host IS NULL OR e.sink_host NOT IN (" + String.join(", ", Collections.nCopies(busyHosts.size(), "?"))
            + "))";
    Tuple args = Tuple.tuple().addLong(ms).addLong(ms);
    busyHosts.forEach(args::addString);
    args.addInteger(limit);
    String candidates = sql.get("candidates", Map.of("busyHosts", busy));
    return pool.withTransaction(conn -> conn.preparedQuery(candidates).execute(args)
        .compose(rows -> {
          List<Candidate> found = new ArrayList<>();
          Future<Void> hosts = Future.succeededFuture();
          for (Row r : rows) {
            long seq = r.getLong(0);
            String host = r.getString(1);
            if (host == null) {
              String computed = OutboxEntry.hostOf(r.getString(2));
              host = computed;
              hosts = hosts.compose(v -> conn.preparedQuery(sql.get("setSinkHost")).execute(Tuple.of(computed, seq))
                  .mapEmpty());
            }
            found.add(new Candidate(seq, host));
          }
          return hosts.map(v -> choose.apply(found));
        })
        .compose(chosen -> {
          Future<List<OutboxEvent>> chain = Future.succeededFuture(new ArrayList<>());
          for (Candidate c : chosen) {
            chain = chain.compose(claimed -> claimOne(conn, owner, until, c.seq(), ms).map(e -> {
              if (e != null) {
                claimed.add(e);
              }
              return claimed;
            }));
          }
          return chain;
        }));
  }

  private Future<OutboxEvent> claimOne(SqlConnection conn, String owner, long until, long seq, long now) {
    return conn.preparedQuery(sql.get("claim")).execute(Tuple.of(owner, until, seq, now, now))
        .compose(updated -> updated.rowCount() != 1 ? Future.succeededFuture(null)
            : conn.preparedQuery(sql.get("claimed")).execute(Tuple.of(seq, owner))
                .map(rows -> rows.iterator().hasNext() ? event(rows.iterator().next()) : null));
  }

  private OutboxEvent event(Row r) {
    String sealed = r.getString(4);
    return new OutboxEvent(r.getLong(0), UUID.fromString(r.getString(1)), UUID.fromString(r.getString(2)),
        r.getString(3), sealed, r.getString(5), r.getString(6), r.getString(7), Instant.ofEpochMilli(r.getLong(8)),
        r.getInteger(9), cipher, r.getString(10));
  }

  /** Ends the event in a terminal state; false if the lease was lost meanwhile. */
  Future<Boolean> finish(OutboxEvent e, String owner, Final state, String error, Instant now) {
    return write("finish", Tuple.of(state.name(), truncate(error), now.toEpochMilli(), e.seq(), owner))
        .map(n -> n == 1);
  }

  /** Releases the lease and sets the next attempt; false if the lease was lost meanwhile. */
  Future<Boolean> retry(OutboxEvent e, String owner, Instant next, String error) {
    return write("retry", Tuple.of(next.toEpochMilli(), truncate(error), e.seq(), owner)).map(n -> n == 1);
  }

  /**
   * Records that the sink of the event's booking answered 410 Gone and drops the booking's queued
   * events to that sink (not those another worker holds: that worker finds the sink gone before
   * sending). Other bookings, also of other consumers, with the same sink URL are not affected.
   *
   * @return how many queued events were dropped
   */
  Future<Integer> markGone(OutboxEvent e, Instant now) {
    long ms = now.toEpochMilli();
    String booking = e.bookingId().toString();
    return pool.withTransaction(conn -> conn.preparedQuery(sql.get("markGone")).execute(Tuple.of(booking, e.sink(), ms))
        .compose(v -> conn.preparedQuery(sql.get("dropForSink")).execute(Tuple.of(ms, booking, e.sink(), ms)))
        .map(rows -> rows.rowCount()));
  }

  /** True if the sink of the event's booking answered 410 Gone before. */
  Future<Boolean> isGone(OutboxEvent e) {
    return pool.preparedQuery(sql.get("isGone")).execute(Tuple.of(e.bookingId().toString(), e.sink()))
        .map(rows -> rows.size() > 0);
  }

  Future<Backlog> backlog() {
    return pool.preparedQuery(sql.get("backlog")).execute().map(rows -> {
      Row r = rows.iterator().next();
      Long oldest = r.getLong(1);
      return new Backlog(r.getLong(0), oldest == null ? null : Instant.ofEpochMilli(oldest));
    });
  }

  /** Deletes events that ended at or before the cutoff, and the gone marks of purged bookings; returns how many events. */
  Future<Integer> purge(Instant cutoff) {
    return write("purgeFinished", Tuple.of(cutoff.toEpochMilli()))
        .compose(n -> write("purgeGone", Tuple.tuple()).map(gone -> n));
  }

  private Future<Integer> write(String statement, Tuple args) {
    return pool.withTransaction(conn -> conn.preparedQuery(sql.get(statement)).execute(args)).map(rows -> rows.rowCount());
  }

  private static String truncate(String s) {
    return s == null || s.length() <= 256 ? s : s.substring(0, 256);
  }
}
