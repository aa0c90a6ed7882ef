package io.qosb.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The repository contract on PostgreSQL, in a schema of its own. */
class PostgresStoreTest extends AbstractConcurrencyTest {

  private final TestDatabases.PgSchema schema = new TestDatabases.PgSchema();

  @Override
  Future<Store> openStore(Vertx vertx) {
    return schema.open(vertx);
  }

  @Override
  Future<Void> dropDatabase(Vertx vertx) {
    return schema.drop(vertx);
  }
}
