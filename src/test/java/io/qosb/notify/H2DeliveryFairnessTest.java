package io.qosb.notify;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.UUID;

/** Delivery fairness on H2. */
class H2DeliveryFairnessTest extends AbstractDeliveryFairnessTest {

  @Override
  Future<String[]> database(Vertx vertx) {
    return Future.succeededFuture(new String[] {"h2:mem:fair_" + UUID.randomUUID().toString().replace("-", ""), null});
  }

  @Override
  Future<Void> dropDatabase(Vertx vertx) {
    return Future.succeededFuture();
  }
}
