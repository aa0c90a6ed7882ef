package io.qosb.api;

import static io.qosb.api.ApiFoundationTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.store.TestDatabases;
import io.qosb.testing.Adapter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Verifies the per-consumer limit of open bookings (booking.maxOpenPerConsumer) on both stores, now
 * that createBooking reads the consumer's open-booking figure from one row (owner_open, V7) instead of
 * counting its bookings: the figure follows creates, deletions and bookings that end, concurrent first
 * bookings of a new consumer all succeed, and a figure that is too high is repaired, not obeyed.
 */
class OpenBookingLimitTest {

  static final String QBA = BookingApiTest.QBA;
  static final String QB = BookingApiTest.QB;
  private static final AtomicInteger OFFSET = new AtomicInteger();

  @TempDir
  Path dir;

  /** A window of its own per call, so that bookings never overlap. */
  private static JsonObject booking() {
    return new JsonObject().put("qosProfile", "QOS_M")
        .put("startTime", Instant.now().plusSeconds(86_400L * OFFSET.incrementAndGet()).toString()).put("duration", 3600)
        .put("serviceArea", new JsonObject().put("areaType", "CIRCLE")
            .put("center", new JsonObject().put("latitude", 48.85).put("longitude", 2.35)).put("radius", 800));
  }

  private static HttpResponse<Buffer> create(Adapter a, String client, JsonObject body) {
    return a.client.post(QBA).putHeader("Authorization", a.bearer(client, BookingApiTest.ALL)).sendJson(body).await();
  }

  /** Verifies that 40 concurrent first bookings of a new consumer all succeed (the consumer's row is created once). */
  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void testConcurrentFirstBookingsOfANewConsumerAllSucceed(String store) throws Exception {
    try (Db db = Db.of(store); Adapter a = Adapter.start(dir, Map.of("QOSB_STORE_URL", db.url,
        "QOSB_BOOKING_MAX_OPEN_PER_CONSUMER", "1000"))) {
      String bearer = a.bearer("burst-client", BookingApiTest.ALL);
      List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        sent.add(a.client.post(QBA).putHeader("Authorization", bearer).sendJson(booking()));
      }
      for (Future<HttpResponse<Buffer>> f : sent) {
        HttpResponse<Buffer> r = f.await();
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
      }
      assertThat(db.openCount(a, "burst-client")).isEqualTo(40);
    }
  }

  /** Verifies that deleting a booking and a booking that ends each give the consumer room for one more. */
  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void testDeletedAndEndedBookingsFreeTheirPlace(String store) throws Exception {
    try (Db db = Db.of(store); Adapter a = Adapter.start(dir, Map.of("QOSB_STORE_URL", db.url,
        "QOSB_BOOKING_MAX_OPEN_PER_CONSUMER", "3"))) {
      HttpResponse<Buffer> first = create(a, "c", booking());
      assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(201);
      String firstId = first.bodyAsJsonObject().getString("bookingId");
      assertThat(create(a, "c", booking()).statusCode()).isEqualTo(201);
      JsonObject now = booking().put("startTime", Instant.now().toString()).put("duration", 1);
      HttpResponse<Buffer> shortOne = create(a, "c", now);
      assertThat(shortOne.statusCode()).as(shortOne.bodyAsString()).isEqualTo(201);
      assertError(create(a, "c", booking()), 429, "QUOTA_EXCEEDED");

      assertThat(a.client.delete(QBA + "/" + firstId).putHeader("Authorization", a.bearer("c", BookingApiTest.ALL))
          .send().await().statusCode()).isEqualTo(200);
      assertThat(create(a, "c", booking()).statusCode()).isEqualTo(201);
      // the short booking ends after 1 s and its END makes it TERMINATED: its place is free again
      long deadline = System.currentTimeMillis() + 20_000;
      HttpResponse<Buffer> after;
      do {
        Thread.sleep(200);
        after = create(a, "c", booking());
      } while (after.statusCode() == 429 && System.currentTimeMillis() < deadline);
      assertThat(after.statusCode()).as(after.bodyAsString()).isEqualTo(201);
      assertError(create(a, "c", booking()), 429, "QUOTA_EXCEEDED");
      // the figure may count the ended booking until its END has made it TERMINATED
      long until = System.currentTimeMillis() + 20_000;
      while (db.openCount(a, "c") != 3 && System.currentTimeMillis() < until) {
        Thread.sleep(200);
      }
      assertThat(db.openCount(a, "c")).isEqualTo(3);
    }
  }

  /** Verifies that a figure above the truth (e.g. left by a purge) is checked against the bookings and repaired. */
  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void testAFigureAboveTheTruthIsRepaired(String store) throws Exception {
    try (Db db = Db.of(store); Adapter a = Adapter.start(dir, Map.of("QOSB_STORE_URL", db.url,
        "QOSB_BOOKING_MAX_OPEN_PER_CONSUMER", "3"))) {
      assertThat(create(a, "d", booking()).statusCode()).isEqualTo(201);
      db.setOpenCount(a, "d", 50);
      HttpResponse<Buffer> r = create(a, "d", booking());
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
      assertThat(db.openCount(a, "d")).isEqualTo(2);
    }
  }

  /** The store of one test: an H2 in-memory database or a PostgreSQL schema, read and written directly. */
  private static final class Db implements AutoCloseable {
    final String kind;
    final String url;
    final String schema;
    final Vertx vertx = Vertx.vertx();

    private Db(String kind, String url, String schema) {
      this.kind = kind;
      this.url = url;
      this.schema = schema;
    }

    static Db of(String kind) {
      if (kind.equals("h2")) {
        return new Db(kind, TestDatabases.newH2Url(), null);
      }
      String schema = TestDatabases.newSchema();
      Db db = new Db(kind, TestDatabases.PG_URL + (TestDatabases.PG_URL.contains("?") ? "&" : "?")
          + "search_path=" + schema, schema);
      TestDatabases.createPgSchema(db.vertx, schema).await();
      return db;
    }

    long openCount(Adapter a, String owner) throws Exception {
      return kind.equals("h2") ? h2Long("SELECT open_count FROM owner_open WHERE owner = ?", owner)
          : pg(p -> p.preparedQuery("SELECT open_count FROM " + schema + ".owner_open WHERE owner = $1")
              .execute(Tuple.of(owner)).map(rows -> rows.iterator().next().getLong(0)));
    }

    void setOpenCount(Adapter a, String owner, long n) throws Exception {
      if (kind.equals("h2")) {
        try (Connection c = DriverManager.getConnection("jdbc:" + url);
            PreparedStatement ps = c.prepareStatement("UPDATE owner_open SET open_count = ? WHERE owner = ?")) {
          ps.setLong(1, n);
          ps.setString(2, owner);
          assertThat(ps.executeUpdate()).isEqualTo(1);
        }
      } else {
        pg(p -> p.preparedQuery("UPDATE " + schema + ".owner_open SET open_count = $1 WHERE owner = $2")
            .execute(Tuple.of(n, owner)).map(rows -> (long) rows.rowCount()));
      }
    }

    private long h2Long(String query, String arg) throws Exception {
      try (Connection c = DriverManager.getConnection("jdbc:" + url); PreparedStatement ps = c.prepareStatement(query)) {
        ps.setString(1, arg);
        var rs = ps.executeQuery();
        assertThat(rs.next()).isTrue();
        return rs.getLong(1);
      }
    }

    private long pg(java.util.function.Function<Pool, Future<Long>> work) {
      Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
          .connectingTo(PgConnectOptions.fromUri(TestDatabases.PG_URL)).using(vertx).build();
      try {
        return work.apply(pool).await();
      } finally {
        pool.close().await();
      }
    }

    @Override
    public void close() {
      if (schema != null) {
        TestDatabases.dropPgSchema(vertx, schema).await();
      }
      vertx.close().await();
    }
  }
}
