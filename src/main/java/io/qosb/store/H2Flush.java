package io.qosb.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Supplier;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what an embedded H2 file database has committed to its file and forces it to the disk
 * (fsync), on a worker thread: the flush of {@link GroupCommitPool}.
 *
 * <p>It commits H2's MVStore directly: what {@code CHECKPOINT SYNC} does, minus the compaction step
 * that {@code CHECKPOINT} also runs, which rewrote up to 4 MB of live pages per call. Because every
 * flush is synced, H2 may reuse the space of dead chunks after a short retention time
 * ({@code RETENTION_TIME} in {@link StoreUrl}) instead of its default 45 s, which is there for writes
 * the OS has not put on the disk yet; with the default, the file grew by ~25 KB per booking under
 * load. Holds one connection, which also keeps the database open.
 *
 * <p>At {@link #close} it compacts the file before closing the database, for at most
 * {@link #CLOSE_COMPACT_MS}. H2's own compaction at close ({@code MAX_COMPACT_TIME}, 200 ms) did not
 * shrink the file: under group commit every flush writes a small chunk holding the pages it changed,
 * chunks stay partly live (44 % in a 3,000-booking run) and the file keeps its high-water mark (33 %
 * used), and H2's close loop rewrote 16 MB and moved chunks once, then ran out of time, which left the
 * file larger than before. Here each round rewrites the live pages of the emptiest chunks
 * ({@link MVStore#compact}) and then moves all chunks to the start of the file, so that the end is cut
 * off; rounds repeat until nothing is left to rewrite, 8 rounds in a row cut less than 1 %, or the
 * time is up (bench/RESULTS.md, "Disk per booking (issue 16, session 4)"). H2's own compaction at close is turned off ({@code MAX_COMPACT_TIME=0}
 * in {@link StoreUrl}): after this one it only rewrote another 16 MB at the end of the file.
 */
final class H2Flush implements Supplier<Future<Void>>, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(H2Flush.class);

  /** The longest compaction at close; a round that started runs to its end (at most the bytes below). */
  static final long CLOSE_COMPACT_MS = 5_000;
  /** Chunks less full than this have their live pages rewritten at close (H2's own threshold). */
  private static final int COMPACT_FILL_RATE = 90;
  /** Live pages rewritten per round. */
  private static final int COMPACT_WRITE_BYTES = 16 << 20;
  /** Rounds in a row that cut less than 1 % off the file end the compaction. */
  private static final int COMPACT_IDLE_ROUNDS = 8;
  /** Chunk bytes moved towards the start of the file per round. */
  private static final long COMPACT_MOVE_BYTES = 256L << 20;

  private final Vertx vertx;
  private final Connection connection;
  private final MVStore store;

  /**
   * @param jdbcUrl the embedded file database's JDBC URL
   * @throws SQLException if the database cannot be opened
   */
  H2Flush(Vertx vertx, String jdbcUrl) throws SQLException {
    this.vertx = Objects.requireNonNull(vertx);
    this.connection = DriverManager.getConnection(jdbcUrl);
    SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
    this.store = session.getDatabase().getStore().getMvStore();
  }

  @Override
  public Future<Void> get() {
    return vertx.executeBlocking(() -> {
      store.commit();
      store.sync();
      return null;
    }, false);
  }

  /**
   * Compacts the file (at most {@link #CLOSE_COMPACT_MS}) and closes the connection, which closes the
   * database when the pool's connections are closed already. Blocking.
   */
  @Override
  public void close() {
    try {
      compact(CLOSE_COMPACT_MS);
    } catch (RuntimeException e) {
      // the file is consistent after each step; it is only larger
      LOG.warn("store compaction at close failed, the file is not shrunk", e);
    }
    try {
      connection.close();
    } catch (SQLException e) {
      // the database is being closed anyway
    }
  }

  /**
   * Rewrites the live pages of mostly-dead chunks and moves the chunks to the start of the file,
   * round after round, until nothing is left to rewrite, {@link #COMPACT_IDLE_ROUNDS} rounds in a
   * row cut less than 1 % off the file, or the time is up.
   *
   * @return the rounds run
   */
  int compact(long maxMillis) {
    if (store.isClosed() || store.getFileStore().isReadOnly()
        || !(store.getFileStore() instanceof RandomAccessStore file)) {
      return 0;
    }
    long before = file.size();
    long t0 = System.nanoTime();
    // every flush was synced: dead chunks need not be kept (H2 does the same at close)
    store.setRetentionTime(0);
    // a commit moves H2's oldest version to keep up to now, else the first round finds no chunk to rewrite
    store.commit();
    int rounds = 0;
    long smallest = before;
    int idle = 0;
    boolean more;
    do {
      boolean rewritten = store.compact(COMPACT_FILL_RATE, COMPACT_WRITE_BYTES);
      store.commit();
      file.compactMoveChunks(100, COMPACT_MOVE_BYTES, store);
      rounds++;
      // the space a round frees often shows only a few rounds later (chunks are dropped once all their
      // pages are dead); with COMPRESS, H2's chunk fill rate may stay below the threshold for ever
      if (file.size() < smallest - smallest / 100) {
        smallest = file.size();
        idle = 0;
      } else {
        idle++;
      }
      more = rewritten && idle < COMPACT_IDLE_ROUNDS;
    } while (more && System.nanoTime() - t0 < maxMillis * 1_000_000L);
    LOG.info("store compacted at close [bytes: {} -> {}, rounds: {}, ms: {}]", before, file.size(), rounds,
        (System.nanoTime() - t0) / 1_000_000);
    return rounds;
  }
}
