package io.qosb.notify;

import io.qosb.store.TestDatabases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Delivery fairness on PostgreSQL (claims passing over busy hosts with FOR UPDATE SKIP LOCKED). */
class PostgresDeliveryFairnessTest extends AbstractDeliveryFairnessTest {

  private final String schema = TestDatabases.newSchema();
  private boolean created;

  @Override
  Future<String[]> database(Vertx vertx) {
    return TestDatabases.createPgSchema(vertx, schema).map(v -> {
      created = true;
      return new String[] {TestDatabases.PG_URL, schema};
    });
  }

  @Override
  Future<Void> dropDatabase(Vertx vertx) {
    return created ? TestDatabases.dropPgSchema(vertx, schema) : Future.succeededFuture();
  }
}
