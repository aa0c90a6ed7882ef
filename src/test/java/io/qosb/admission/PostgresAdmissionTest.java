package io.qosb.admission;

import io.qosb.store.Store;
import io.qosb.store.TestDatabases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Admission on PostgreSQL, in a schema of its own; each replica its own pool on that schema. */
class PostgresAdmissionTest extends AbstractAdmissionRaceTest {

  private final String schema = TestDatabases.newSchema();
  private boolean created;

  @Override
  Future<Store> openStore(Vertx vertx) {
    Future<Void> ready = created ? Future.succeededFuture()
        : TestDatabases.createPgSchema(vertx, schema).onSuccess(v -> created = true);
    return ready.compose(v -> Store.open(vertx, TestDatabases.PG_URL, schema));
  }

  @Override
  Future<Void> dropDatabase(Vertx vertx) {
    return created ? TestDatabases.dropPgSchema(vertx, schema) : Future.succeededFuture();
  }
}
