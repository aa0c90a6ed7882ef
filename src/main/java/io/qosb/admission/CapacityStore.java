package io.qosb.admission;

import io.qosb.admission.Usage.Claim;
import io.qosb.store.Dialect;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The capacity tables ({@code capacity_lock}, {@code capacity_claim}; migration V3) on H2 or
 * PostgreSQL. A booking's claim in a zone is its window cut into pieces of at most {@link #PIECE}, so
 * that the pieces overlapping any window [s, e) start within [s - PIECE, e): one range scan of the
 * index {@code (zone, profile, start_ms, end_ms)}, whose length depends on how crowded the window is,
 * not on how many bookings the calendar holds.
 */
final class CapacityStore {

  /** Longest piece of a claim; the SQL comment of {@code overlapping} and V3 say the same. */
  static final Duration PIECE = Duration.ofHours(6);
  private static final String RESOURCE = "db/capacity/statements.sql";

  private final Dialect dialect;
  private final Map<String, String> statements;

  /**
   * @param dialect the store's dialect
   * @throws NullPointerException if dialect is null
   */
  CapacityStore(Dialect dialect) {
    this.dialect = Objects.requireNonNull(dialect);
    this.statements = parse(read());
  }

  /** Creates the lock rows of the (zone, profile) pairs, committed, if they do not exist yet. */
  Future<Void> ensureLocks(Pool pool, Collection<Map.Entry<String, String>> pairs) {
    if (pairs.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = pairs.stream().map(p -> Tuple.of(p.getKey(), p.getValue())).toList();
    return pool.withTransaction(conn -> conn.preparedQuery(get("ensureLock." + dialect.folder())).executeBatch(batch))
        .mapEmpty();
  }

  /**
   * Locks the pair's row for the rest of the transaction.
   *
   * @throws IllegalStateException (failed future) if the row does not exist
   */
  Future<Void> lock(SqlConnection conn, String zone, String profile) {
    return conn.preparedQuery(get("lock")).execute(Tuple.of(zone, profile)).compose(rows -> rows.size() == 1
        ? Future.succeededFuture()
        : Future.failedFuture(new IllegalStateException("no capacity lock row for " + zone + "/" + profile)));
  }

  /** Claims of live bookings of the profile in the zone that overlap [fromMs, toMs). */
  Future<List<Claim>> overlapping(SqlClient client, String zone, String profile, long fromMs, long toMs) {
    Tuple args = Tuple.of(zone, profile, fromMs - PIECE.toMillis(), toMs, fromMs);
    return client.preparedQuery(get("overlapping")).execute(args).map(rows -> {
      List<Claim> out = new ArrayList<>(rows.size());
      for (Row r : rows) {
        out.add(new Claim(r.getLong(0), r.getLong(1), r.getInteger(2)));
      }
      return out;
    });
  }

  /** Records that the booking holds {@code devices} over [startMs, endMs) in each zone. */
  Future<Void> insertClaims(SqlConnection conn, UUID bookingId, String profile, int devices, long startMs,
      long endMs, Collection<String> zones) {
    List<Tuple> batch = new ArrayList<>();
    for (String zone : zones) {
      for (long s = startMs; s < endMs; s += PIECE.toMillis()) {
        batch.add(Tuple.of(bookingId.toString(), zone, profile, s, Math.min(endMs, s + PIECE.toMillis()), devices));
      }
    }
    return batch.isEmpty() ? Future.succeededFuture()
        : conn.preparedQuery(get("insertClaim")).executeBatch(batch).mapEmpty();
  }

  private String get(String name) {
    String sql = statements.get(name);
    if (sql == null) {
      throw new IllegalArgumentException("no SQL statement named " + name);
    }
    if (dialect != Dialect.POSTGRESQL) {
      return sql;
    }
    StringBuilder sb = new StringBuilder();
    int n = 0;
    for (char c : sql.toCharArray()) {
      sb.append(c == '?' ? "$" + ++n : String.valueOf(c));
    }
    return sb.toString();
  }

  /** {@code -- name: X} starts statement X; other comment lines are dropped. */
  static Map<String, String> parse(String text) {
    Map<String, String> out = new HashMap<>();
    String name = null;
    StringBuilder body = new StringBuilder();
    for (String line : (text + "\n-- name: ").split("\n")) {
      String t = line.strip();
      if (t.startsWith("-- name:")) {
        if (name != null) {
          out.put(name, body.toString());
        }
        name = t.substring("-- name:".length()).strip();
        body.setLength(0);
      } else if (!t.startsWith("--") && !t.isEmpty()) {
        body.append(body.length() == 0 ? "" : " ").append(t);
      }
    }
    return out;
  }

  private static String read() {
    try (InputStream in = CapacityStore.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
