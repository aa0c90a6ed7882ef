package io.qosb.schedule;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** {@link CrashRecoveryTest} on PostgreSQL. */
class PostgresCrashRecoveryTest extends CrashRecoveryTest {

  @Override
  Future<Harness> harness(Vertx vertx) {
    return Harness.postgres(vertx, ActivationTest.QUIET, new JsonObject());
  }
}
