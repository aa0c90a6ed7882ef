package io.qosb.notify;

import io.qosb.store.TestDatabases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Two workers on one PostgreSQL schema: two replicas, FOR UPDATE SKIP LOCKED claims. */
class PostgresTwoWorkersTest extends AbstractTwoWorkersTest {

  private final String schema = TestDatabases.newSchema();

  @Override
  Future<String[]> database(Vertx vertx) {
    return TestDatabases.createPgSchema(vertx, schema).map(v -> new String[] {TestDatabases.PG_URL, schema});
  }

  @Override
  Future<Void> dropDatabase(Vertx vertx) {
    return TestDatabases.dropPgSchema(vertx, schema);
  }
}
