package io.qosb.schedule;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** {@link ActivationTest} on PostgreSQL. */
class PostgresActivationTest extends ActivationTest {

  @Override
  Future<Harness> harness(Vertx vertx, String simScenario, JsonObject nefExtra) {
    return Harness.postgres(vertx, simScenario, nefExtra);
  }
}
