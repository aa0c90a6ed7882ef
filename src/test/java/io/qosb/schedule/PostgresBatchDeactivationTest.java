package io.qosb.schedule;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** {@link BatchDeactivationTest} on PostgreSQL. */
class PostgresBatchDeactivationTest extends BatchDeactivationTest {

  @Override
  Future<Harness> harness(Vertx vertx, String simScenario, JsonObject nefExtra) {
    return Harness.postgres(vertx, simScenario, nefExtra);
  }
}
