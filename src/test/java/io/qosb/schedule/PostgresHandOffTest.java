package io.qosb.schedule;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** {@link HandOffTest} on PostgreSQL. */
class PostgresHandOffTest extends HandOffTest {

  @Override
  Future<Harness> harness(Vertx vertx) {
    return Harness.postgres(vertx, ActivationTest.QUIET, new JsonObject());
  }
}
