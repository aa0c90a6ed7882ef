package io.qosb.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.UUID;
import org.opentest4j.TestAbortedException;

/**
 * Databases for store tests: a fresh H2 in-memory database, or a fresh schema in the PostgreSQL at
 * {@code QOSB_TEST_PG_URL} (dropped afterwards). An unreachable PostgreSQL fails the tests unless
 * {@code QOSB_TEST_PG_SKIP=true}.
 */
public final class TestDatabases {

  public static final String PG_URL = env("QOSB_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test");
  private static final boolean PG_SKIP = Boolean.parseBoolean(env("QOSB_TEST_PG_SKIP", "false"));

  private TestDatabases() {
  }

  /** A URL of an H2 in-memory database no other test uses. */
  public static String newH2Url() {
    return "h2:mem:t_" + UUID.randomUUID().toString().replace("-", "");
  }

  /** A new schema name. */
  public static String newSchema() {
    return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  /** Creates the schema in the test PostgreSQL. */
  public static Future<Void> createPgSchema(Vertx vertx, String schema) {
    return admin(vertx, "CREATE SCHEMA " + schema).recover(err -> Future.failedFuture(PG_SKIP
        ? new TestAbortedException("PostgreSQL not reachable, skipped (QOSB_TEST_PG_SKIP=true): " + err.getMessage())
        : new IllegalStateException("PostgreSQL test database not reachable at QOSB_TEST_PG_URL=" + PG_URL
            + " (" + err.getMessage() + "); start it or set QOSB_TEST_PG_SKIP=true to skip", err)));
  }

  /** Drops the schema and everything in it. */
  public static Future<Void> dropPgSchema(Vertx vertx, String schema) {
    return admin(vertx, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  /**
   * A PostgreSQL schema of one test class: created on the first {@link #open}, each call a new
   * store (replica) on it, dropped by {@link #drop}.
   */
  public static final class PgSchema {
    private final String name = newSchema();
    private boolean created;

    /** Opens a store on the schema, creating it first if needed. */
    public Future<Store> open(Vertx vertx) {
      Future<Void> ready = created ? Future.succeededFuture()
          : createPgSchema(vertx, name).onSuccess(v -> created = true);
      return ready.compose(v -> Store.open(vertx, PG_URL, name));
    }

    /** Drops the schema if it was created. */
    public Future<Void> drop(Vertx vertx) {
      return created ? dropPgSchema(vertx, name) : Future.succeededFuture();
    }
  }

  private static Future<Void> admin(Vertx vertx, String statement) {
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
        .connectingTo(PgConnectOptions.fromUri(PG_URL)).using(vertx).build();
    return pool.query(statement).execute().<Void>mapEmpty().eventually(() -> pool.close());
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
