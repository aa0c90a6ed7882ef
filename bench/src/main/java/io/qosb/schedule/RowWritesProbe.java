package io.qosb.schedule;

import io.qosb.booking.Bookings;
import io.qosb.booking.NewBooking;
import io.qosb.store.TestDatabases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Row writes per booking on PostgreSQL (issue 16): one booking through the {@link Harness} on a fresh
 * schema, then n_tup_ins + n_tup_upd + n_tup_del per table from pg_stat_user_tables after the pool closed
 * (schema_version left out). A measurement, printed; not part of the test suite (run it with
 * {@code mvn -o test -Dtest=RowWritesProbe}).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
class RowWritesProbe {

  /** A QB booking starting now, 1 device, handed off to the running scheduler until ACTIVE. */
  @Test
  void qbForNow(Vertx vertx, VertxTestContext ctx) {
    probe(vertx, ctx, "QB for now, 1 device, to ACTIVE", h -> h.activation.start()
        .compose(v -> h.engine.createBooking(Harness.APP, NewBooking.qb("QOS_L", Harness.NOW.toString(),
            Harness.DURATION_S, Bookings.circle(), Harness.ipv4("198.51.100.200"), null, null, null)))
        .compose(b -> Harness.eventually(vertx, 10_000, () -> h.assignments(b.id())
            .map(list -> list.size() == 1 && list.get(0).state() == io.qosb.booking.AssignmentState.ACTIVE))));
  }

  /** A QBA booking of 10 devices: created, assigned, started (claimed), all ACTIVE. */
  @Test
  void qbaTenDevices(Vertx vertx, VertxTestContext ctx) {
    probe(vertx, ctx, "QBA, 10 devices: create, assign, start, all ACTIVE", h -> h.activation.start()
        .compose(v -> h.createQba(10))
        .compose(b -> {
          io.qosb.booking.Device[] devices = new io.qosb.booking.Device[10];
          for (int i = 0; i < 10; i++) {
            devices[i] = Harness.ipv4("198.51.100." + (210 + i));
          }
          return h.assign(b, devices).map(b);
        })
        .compose(b -> {
          h.at(Harness.START);
          return h.activation.runDueJobs().compose(v -> Harness.eventually(vertx, 10_000, () -> h.assignments(b.id())
              .map(list -> list.stream().filter(a -> a.state() == io.qosb.booking.AssignmentState.ACTIVE).count() == 10)));
        }));
  }

  /** A QBA booking of 1 device: created, assigned, started, ACTIVE, then the device released until its DELETE is recorded. */
  @Test
  void qbaOneDeviceReleased(Vertx vertx, VertxTestContext ctx) {
    io.qosb.booking.Device d = Harness.ipv4("198.51.100.230");
    probe(vertx, ctx, "QBA, 1 device: create, assign, start, ACTIVE, release, DELETE recorded", h -> h.activation.start()
        .compose(v -> h.createQba(1))
        .compose(b -> h.assign(b, d).map(b))
        .compose(b -> {
          h.at(Harness.START);
          return h.activation.runDueJobs()
              .compose(v -> Harness.eventually(vertx, 10_000, () -> Future.succeededFuture(h.sim.subscriptions().size() == 1)))
              .compose(v -> h.engine.releaseDevices(Harness.APP, b.id(), java.util.List.of(d), null, null))
              .compose(v -> Harness.eventually(vertx, 10_000, () -> h.records(b.id()).map(records -> records.size() == 1
                  && records.get(0).state() == io.qosb.store.SubscriptionState.DELETED)));
        }));
  }

  private static void probe(Vertx vertx, VertxTestContext ctx, String name, Function<Harness, Future<?>> scenario) {
    String schema = TestDatabases.newSchema();
    TestDatabases.createPgSchema(vertx, schema)
        .compose(v -> Harness.create(vertx, new io.qosb.booking.MutableClock(Harness.NOW), TestDatabases.PG_URL, schema,
            ActivationTest.QUIET, new JsonObject(), Harness.DRIVEN))
        .compose(h -> scenario.apply(h)
            .compose(v -> h.activation.stop())
            .compose(v -> h.store.close())
            .compose(v -> {
              Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
                  .connectingTo(PgConnectOptions.fromUri(TestDatabases.PG_URL)).using(vertx).build();
              return vertx.timer(1500).compose(x -> pool.preparedQuery("SELECT relname, n_tup_ins, n_tup_upd, "
                      + "n_tup_hot_upd, n_tup_del FROM pg_stat_user_tables WHERE schemaname = $1 "
                      + "AND relname <> 'schema_version' ORDER BY relname").execute(Tuple.of(schema)))
                  .map(rows -> {
                    StringBuilder out = new StringBuilder("ROWWRITES " + name + ":");
                    long total = 0;
                    for (Row r : rows) {
                      long n = r.getLong(1) + r.getLong(2) + r.getLong(4);
                      if (n > 0) {
                        out.append(String.format(" %s=%d+%du(%dhot)+%dd", r.getString(0), r.getLong(1), r.getLong(2),
                            r.getLong(3), r.getLong(4)));
                      }
                      total += n;
                    }
                    System.out.println(out.append(" total=").append(total));
                    return null;
                  })
                  .eventually(pool::close);
            })
            .eventually(() -> TestDatabases.dropPgSchema(vertx, schema)))
        .onComplete(ctx.succeedingThenComplete());
  }
}
