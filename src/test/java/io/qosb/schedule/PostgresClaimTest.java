package io.qosb.schedule;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Claims on PostgreSQL: FOR UPDATE SKIP LOCKED, in a schema of its own per test. */
class PostgresClaimTest extends AbstractClaimTest {

  @Override
  Future<Harness> harness(Vertx vertx) {
    return Harness.postgres(vertx, ActivationTest.QUIET, new JsonObject());
  }
}
