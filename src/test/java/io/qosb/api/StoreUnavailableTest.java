package io.qosb.api;

import static io.qosb.api.ApiFoundationTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.store.TestDatabases;
import io.qosb.testing.Adapter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies what a client and the platform see while the database is down (issue 15): 503
 * UNAVAILABLE with Retry-After instead of 500, and readiness down. The adapter reaches the test
 * PostgreSQL through a TCP relay that the test cuts.
 */
class StoreUnavailableTest {

  /** Verifies that reads and creates answer 503 UNAVAILABLE with Retry-After and readiness fails while the database is unreachable. */
  @Test
  void testRequestsFailWith503WhenDatabaseIsDown(@TempDir Path dir) throws Exception {
    Vertx vertx = Vertx.vertx();
    String schema = TestDatabases.newSchema();
    List<NetSocket> sockets = new CopyOnWriteArrayList<>();
    boolean[] down = {false};
    URI pg = URI.create(TestDatabases.PG_URL.replace("postgresql://", "http://"));
    NetClient client = vertx.createNetClient();
    NetServer relay = vertx.createNetServer().connectHandler(in -> {
      if (down[0]) {
        in.close();
        return;
      }
      in.pause();
      client.connect(pg.getPort(), pg.getHost()).onSuccess(out -> {
        sockets.add(in);
        sockets.add(out);
        in.pipeTo(out);
        out.pipeTo(in);
        in.resume();
      }).onFailure(e -> in.close());
    });
    try {
      TestDatabases.createPgSchema(vertx, schema).await();
      relay.listen(0, "127.0.0.1").await();
      String url = "postgresql://" + pg.getUserInfo() + "@127.0.0.1:" + relay.actualPort() + pg.getPath()
          + "?search_path=" + schema;
      try (Adapter adapter = Adapter.start(dir, Map.of("QOSB_STORE_URL", url))) {
        String bearer = adapter.bearer("app", BookingApiTest.ALL);
        HttpResponse<Buffer> created = adapter.client.post(BookingApiTest.QBA).putHeader("Authorization", bearer)
            .sendJson(ApiFoundationTest.booking()).await();
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        String id = created.bodyAsJsonObject().getString("bookingId");

        down[0] = true;
        sockets.forEach(NetSocket::close);

        HttpResponse<Buffer> read = adapter.client.get(BookingApiTest.QBA + "/" + id).putHeader("Authorization", bearer)
            .send().await();
        assertError(read, 503, "UNAVAILABLE");
        assertThat(read.getHeader("Retry-After")).isNotBlank();
        HttpResponse<Buffer> create = adapter.client.post(BookingApiTest.QBA).putHeader("Authorization", bearer)
            .sendJson(ApiFoundationTest.booking()).await();
        assertError(create, 503, "UNAVAILABLE");
        assertThat(adapter.client.get("/health/ready").send().await().statusCode()).isEqualTo(503);
      }
    } finally {
      relay.close().await();
      TestDatabases.dropPgSchema(vertx, schema).await();
      vertx.close().await();
    }
  }
}
