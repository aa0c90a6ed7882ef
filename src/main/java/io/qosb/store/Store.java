package io.qosb.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL store: a Vert.x pool on H2 (JDBC) or PostgreSQL (reactive client), with its schema
 * migrated at open, and the booking repository over it.
 */
public final class Store {

  private static final Logger LOG = LoggerFactory.getLogger(Store.class);
  private static final int POOL_SIZE = 8;

  private final Pool pool;
  private final Dialect dialect;
  private final Statements sql;
  private final SqlBookingRepository bookings;
  private final ActivationStore activation;

  private Store(Vertx vertx, Pool pool, StoreUrl url, Statements sql, SecretCipher cipher) {
    this.pool = pool;
    this.dialect = url.dialect();
    this.sql = sql;
    // H2 is opened by this process alone: its device locks need no rows (issue 16)
    DeviceLocks locks = dialect == Dialect.H2 ? DeviceLocks.of(url.target(), StoreUrl.H2_LOCK_TIMEOUT_MS) : null;
    this.bookings = new SqlBookingRepository(vertx, pool, sql, cipher, locks);
    this.activation = new ActivationStore(pool, sql, bookings, cipher);
  }

  /**
   * Opens the store at the URL (see {@link StoreUrl}) and migrates its schema; sink credentials are
   * stored in clear (tests that do not look at them).
   */
  public static Future<Store> open(Vertx vertx, String url) {
    return open(vertx, url, null, SecretCipher.PLAINTEXT);
  }

  /** Opens the store in a PostgreSQL schema, credentials in clear; see {@link #open(Vertx, String, String, SecretCipher)}. */
  public static Future<Store> open(Vertx vertx, String url, String schema) {
    return open(vertx, url, schema, SecretCipher.PLAINTEXT);
  }

  /**
   * Opens the store with PostgreSQL's {@code search_path} set to the given schema (tests use a fresh
   * schema per class); the schema must exist. Ignored for H2.
   *
   * @param schema the PostgreSQL schema, or null for the default
   * @param cipher seals sink credentials at rest
   * @throws NullPointerException if vertx, url or cipher is null
   */
  public static Future<Store> open(Vertx vertx, String url, String schema, SecretCipher cipher) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(cipher, "cipher");
    StoreUrl parsed;
    try {
      parsed = StoreUrl.parse(url);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    Statements sql = new Statements(parsed.dialect());
    return createPool(vertx, parsed, schema).compose(pool -> new Migrations(parsed.dialect(), sql).migrate(pool)
        .map(applied -> {
          LOG.info("store open [dialect: {}, migrations applied: {}]", parsed.dialect(), applied);
          return new Store(vertx, pool, parsed, sql, cipher);
        })
        .recover(err -> pool.close().transform(v -> Future.failedFuture(err))));
  }

  private static Future<Pool> createPool(Vertx vertx, StoreUrl url, String schema) {
    PoolOptions poolOptions = new PoolOptions().setMaxSize(POOL_SIZE).setName("qosb-store");
    if (url.dialect() == Dialect.H2) {
      Pool pool = JDBCPool.pool(vertx, new JDBCConnectOptions().setJdbcUrl(url.target()), poolOptions);
      if (url.inMemory()) {
        return Future.succeededFuture(pool);
      }
      // opening the file is blocking work
      return vertx.executeBlocking(() -> new H2Flush(vertx, url.target()))
          .<Pool>map(flush -> new GroupCommitPool(vertx, pool, flush, flush::close))
          .recover(err -> pool.close().transform(v -> Future.failedFuture(err)));
    }
    PgConnectOptions connect = PgConnectOptions.fromUri(url.target());
    if (schema != null) {
      connect.addProperty("search_path", schema);
    }
    return Future.succeededFuture(PgBuilder.pool().with(poolOptions).connectingTo(connect).using(vertx).build());
  }

  /** The repository the booking engine uses. */
  public SqlBookingRepository bookings() {
    return bookings;
  }

  /** Jobs and NEF subscription records: what the scheduler and the NEF translation use. */
  public ActivationStore activation() {
    return activation;
  }

  /** The pool, for other stores of this adapter (jobs, outbox). */
  public Pool pool() {
    return pool;
  }

  /** The SQL dialect of the database, for other stores of this adapter. */
  public Dialect dialect() {
    return dialect;
  }

  /**
   * Succeeds if the database answers a trivial query and, for the H2 file store, can write to its
   * file (a flush): the readiness check.
   */
  public Future<Void> ping() {
    Future<Void> answered = pool.query(sql.get("ping")).execute().mapEmpty();
    return pool instanceof GroupCommitPool g ? answered.compose(v -> g.durable()) : answered;
  }

  /** Closes the pool; an H2 file database is closed with its last connection. */
  public Future<Void> close() {
    return pool.close();
  }
}
