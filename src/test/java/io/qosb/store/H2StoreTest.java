package io.qosb.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The repository contract on an H2 in-memory database. */
class H2StoreTest extends AbstractConcurrencyTest {

  private final String url = TestDatabases.newH2Url();

  @Override
  Future<Store> openStore(Vertx vertx) {
    return Store.open(vertx, url);
  }

  @Override
  Future<Void> dropDatabase(Vertx vertx) {
    return Future.succeededFuture();
  }
}
