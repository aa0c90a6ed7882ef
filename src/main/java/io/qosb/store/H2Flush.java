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
 */
final class H2Flush implements Supplier<Future<Void>>, AutoCloseable {

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

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // the database is being closed anyway
    }
  }
}
