package io.qosb.admission;

import io.qosb.store.Store;
import io.qosb.store.TestDatabases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Admission on PostgreSQL, in a schema of its own; each replica its own pool on that schema. */
class PostgresAdmissionTest extends AbstractAdmissionRaceTest {

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
