package io.qosb.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.booking.Booking;
import io.qosb.booking.BookingEngine;
import io.qosb.booking.CamaraException;
import io.qosb.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Requests racing for the last capacity, through several engines (replicas) on one database. */
abstract class AbstractAdmissionRaceTest extends AbstractAdmissionRulesTest {

  static final int REQUESTS = 20;
  static final int REPLICAS = 3;

  /**
   * Verifies that of 20 concurrent one-device bookings for a zone with room for 5, spread over three
   * replicas (own store, pool and engine each), exactly 5 win and the rest get 422, and the zone then
   * holds exactly 5 devices.
   */
  @Test
  void testConcurrentCreatesNeverExceedLimit(Vertx vertx, VertxTestContext ctx) {
    Instant t = day(10);
    List<Store> replicas = new ArrayList<>();
    Future<List<BookingEngine>> engines = openReplicas(vertx, replicas);
    engines.compose(list -> {
      List<Future<Booking>> attempts = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        attempts.add(list.get(i % list.size()).createBooking(APP, arena(t.plusSeconds(i), 3600, 1)));
      }
      return Future.join(attempts).transform(x -> Future.succeededFuture(attempts));
    }).compose(attempts -> admission.devicesAt("arena", "QOS_L", t.plusSeconds(REQUESTS)).map(n -> {
      ctx.verify(() -> {
        assertThat(attempts.stream().filter(Future::succeeded).count()).isEqualTo(5);
        assertThat(attempts.stream().filter(Future::failed).map(Future::cause))
            .allSatisfy(e -> assertThat(e).isInstanceOfSatisfying(CamaraException.class,
                c -> assertThat(c.code()).isEqualTo("SERVICE_NOT_APPLICABLE")));
        assertThat(n).isEqualTo(5);
      });
      return null;
    })).eventually(() -> Future.join(replicas.stream().map(Store::close).toList()))
        .onComplete(ctx.succeedingThenComplete());
  }

  private Future<List<BookingEngine>> openReplicas(Vertx vertx, List<Store> opened) {
    List<Future<BookingEngine>> engines = new ArrayList<>();
    engines.add(Future.succeededFuture(engine));
    for (int i = 1; i < REPLICAS; i++) {
      engines.add(openStore(vertx).onSuccess(opened::add)
          .compose(s -> CapacityAdmission.create(s, MODEL, metrics).map(a -> engine(s, a))));
    }
    return Future.all(engines).map(all -> all.list());
  }
}
