package io.qosb.admission;

import io.qosb.store.Store;
import io.qosb.store.TestDatabases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Admission on H2 (each replica its own pool on one in-memory database). */
class H2AdmissionTest extends AbstractAdmissionRaceTest {

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
