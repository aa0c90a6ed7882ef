package io.qosb.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.TransactionPropagation;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for the H2 file store: a transaction's future completes only once its commit is in
 * the file, yet concurrent transactions share one write.
 *
 * <p>H2 keeps committed changes in memory and writes them in the background ({@code WRITE_DELAY},
 * 500 ms by default). Writing at every commit instead ({@code WRITE_DELAY=0}) makes each commit
 * serialise every B-tree page it touched, which was most of the store's cost under load. Here,
 * after {@link #withTransaction} commits, the caller waits for a flush that started after that
 * commit: at most one flush runs at a time, and every transaction that commits while it runs waits
 * for the next one, which covers them all. What a client was answered is therefore on the disk: a
 * {@code kill -9}, or a power loss, loses none of it. A flush also runs every
 * {@link #SYNC_PERIOD_MS} ms, so that what H2 writes on its own (its background compaction) is synced
 * well within H2's retention time of dead chunks.
 *
 * <p>Only {@code withTransaction} waits: a bare {@code query} or {@code preparedQuery} on this pool
 * is for reads (the store runs every write in a transaction).
 */
final class GroupCommitPool implements Pool {

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitPool.class);

  /** How often a flush runs even without transactions. */
  static final long SYNC_PERIOD_MS = 500;

  private final Pool pool;
  private final Supplier<Future<Void>> flush;
  private final Runnable onClose;
  private final Vertx vertx;
  private final long timer;
  private boolean flushing;
  private Promise<Void> waiting;

  /**
   * @param pool the pool transactions run on
   * @param flush writes what has been committed so far to the file (see {@link H2Flush})
   * @param onClose run after the pool is closed, on a worker thread (it may block: see {@link H2Flush#close})
   */
  GroupCommitPool(Vertx vertx, Pool pool, Supplier<Future<Void>> flush, Runnable onClose) {
    this.vertx = Objects.requireNonNull(vertx);
    this.pool = Objects.requireNonNull(pool);
    this.flush = Objects.requireNonNull(flush);
    this.onClose = Objects.requireNonNull(onClose);
    this.timer = vertx.setPeriodic(SYNC_PERIOD_MS, id -> durable());
  }

  @Override
  public <T> Future<T> withTransaction(Function<SqlConnection, Future<T>> work) {
    return flushed(pool.withTransaction(work));
  }

  @Override
  public <T> Future<T> withTransaction(TransactionPropagation propagation, Function<SqlConnection, Future<T>> work) {
    return flushed(pool.withTransaction(propagation, work));
  }

  /**
   * Waits, after the commit, for the flush. A failed flush cannot undo the commit: the transaction's
   * rows are visible to every reader, and failing the caller would only make a client's retry create
   * them a second time (issue 15). So the committed result is answered and the failure logged; the
   * store's readiness check runs a flush, so readiness reports the store down until flushes succeed.
   */
  private <T> Future<T> flushed(Future<T> committed) {
    return committed.compose(result -> durable().transform(ar -> {
      if (ar.failed()) {
        LOG.error("flush after commit failed, the committed transaction is answered but not yet on disk", ar.cause());
      }
      return Future.succeededFuture(result);
    }));
  }

  /** Completes when everything committed before this call is in the file. */
  Future<Void> durable() {
    Promise<Void> start = null;
    Future<Void> done;
    synchronized (this) {
      if (waiting == null) {
        waiting = Promise.promise();
      }
      done = waiting.future();
      if (!flushing) {
        flushing = true;
        start = waiting;
        waiting = null;
      }
    }
    if (start != null) {
      flush(start);
    }
    return done;
  }

  private void flush(Promise<Void> flushed) {
    flush.get().onComplete(ar -> {
      Promise<Void> next;
      synchronized (this) {
        next = waiting;
        waiting = null;
        flushing = next != null;
      }
      flushed.handle(ar);
      if (next != null) {
        flush(next);
      }
    });
  }

  @Override
  public Future<SqlConnection> getConnection() {
    return pool.getConnection();
  }

  @Override
  public Query<RowSet<Row>> query(String sql) {
    return pool.query(sql);
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql) {
    return pool.preparedQuery(sql);
  }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
    return pool.preparedQuery(sql, options);
  }

  @Override
  public int size() {
    return pool.size();
  }

  @Override
  public Future<Void> close() {
    vertx.cancelTimer(timer);
    return pool.close().eventually(() -> vertx.executeBlocking(() -> {
      onClose.run();
      return null;
    }, false));
  }
}
