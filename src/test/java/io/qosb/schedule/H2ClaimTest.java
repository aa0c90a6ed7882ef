package io.qosb.schedule;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Claims on H2: a conditional update per job. */
class H2ClaimTest extends AbstractClaimTest {

  @Override
  Future<Harness> harness(Vertx vertx) {
    return Harness.h2(vertx, ActivationTest.QUIET, new JsonObject());
  }
}
