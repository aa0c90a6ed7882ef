package io.qosb.schedule;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** {@link BatchActivationTest} on PostgreSQL. */
class PostgresBatchActivationTest extends BatchActivationTest {

  @Override
  Future<Harness> harness(Vertx vertx, String simScenario, JsonObject nefExtra) {
    return Harness.postgres(vertx, simScenario, nefExtra);
  }
}
