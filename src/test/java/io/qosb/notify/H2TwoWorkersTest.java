package io.qosb.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.UUID;

/** Two workers on one H2 database (two pools on one named in-memory database). */
class H2TwoWorkersTest extends AbstractTwoWorkersTest {

  @Override
  Future<String[]> database(Vertx vertx) {
    return Future.succeededFuture(new String[] {"h2:mem:two_" + UUID.randomUUID().toString().replace("-", ""), null});
  }

  @Override
  Future<Void> dropDatabase(Vertx vertx) {
    return Future.succeededFuture();
  }
}
