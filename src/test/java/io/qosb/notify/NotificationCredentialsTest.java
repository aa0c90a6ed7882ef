package io.qosb.notify;

import static io.qosb.notify.NotifyFixture.accessToken;
import static io.qosb.notify.NotifyFixture.eventually;
import static io.qosb.notify.NotifyFixture.quietFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.booking.Api;
import io.qosb.booking.Booking;
import io.qosb.booking.Bookings;
import io.qosb.booking.SinkCredential;
import io.qosb.store.TestDatabases;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Verifies sink credentials: expired access tokens, PRIVATE_KEY_JWT against a token endpoint that
 * checks the client assertion with the published JWKS, encryption at rest; and the dead letters.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NotificationCredentialsTest {

  Vertx vertx;
  TestSink sink;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    sink = new TestSink(vertx).start().await();
  }

  @AfterEach
  void stop() {
    sink.close().await();
    vertx.close().await();
  }

  private NotifyFixture open(NotifyConfig config, Clock clock, boolean worker) {
    return NotifyFixture.open(vertx, TestDatabases.newH2Url(), null, config, clock, worker).await();
  }

  /** Serves the notifier's JWKS over http and points the sink's token endpoint at it, for client app-1. */
  private HttpServer serveJwks(NotifyFixture fx) {
    Router router = Router.router(vertx);
    fx.notifications.mountJwks(router);
    HttpServer jwks = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    sink.jwksUrl = "http://127.0.0.1:" + jwks.actualPort() + "/notify/v1/jwks.json";
    sink.expectedClientId = "app-1";
    return jwks;
  }

  /** A PRIVATE_KEY_JWT credential of the fixture's consumer (app-1) with the sink's token endpoint. */
  private SinkCredential privateKeyJwt() {
    return new SinkCredential(new JsonObject().put("credentialType", "PRIVATE_KEY_JWT")
        .put("clientId", "app-1").put("tokenUri", sink.url("/token")).encode());
  }

  /** Verifies that an event whose access token expired is not sent (not even without it) and is recorded. */
  @Test
  void testExpiredAccessTokenStopsDelivery() {
    NotifyClock clock = new NotifyClock();
    clock.shift(Duration.ofHours(3));
    NotifyFixture fx = open(NotifyFixture.config(), clock, true);
    try {
      Booking b = fx.createQb(sink.url("/expired"), accessToken("old", Instant.now().plus(Duration.ofHours(1)))).await();
      eventually(Duration.ofSeconds(5), () -> fx.outboxStates(b.id()).await().equals(List.of("EXPIRED_CREDENTIAL")));
      quietFor(vertx, Duration.ofMillis(200)).await();
      assertThat(sink.received).isEmpty();
      assertThat(fx.meter("qosb_events_deliveries_total", "outcome", "expired_credential")).isEqualTo(1);
    } finally {
      fx.close().await();
    }
  }

  /**
   * Verifies PRIVATE_KEY_JWT: the adapter gets a token from the consumer's token endpoint with a
   * client assertion that verifies against the JWKS it publishes, sends it as Bearer, and reuses it.
   */
  @Test
  void testPrivateKeyJwtTokenIsFetchedWithAVerifiedAssertionAndCached() {
    NotifyFixture fx = open(NotifyFixture.config(), Clock.systemUTC(), true);
    HttpServer jwks = serveJwks(fx);
    try {
      SinkCredential credential = privateKeyJwt();
      fx.createQb(sink.url("/pkj"), credential).await();
      fx.createQb(sink.url("/pkj"), credential).await();
      eventually(Duration.ofSeconds(5), () -> sink.at("/pkj").size() == 2);
      sink.at("/pkj").forEach(r -> NotifyFixture.assertBearer(r, TestSink.TOKEN));
      assertThat(sink.assertionsChecked).hasSize(1);
      assertThat(sink.at("/token")).hasSize(1);
      JsonObject published = vertx.createHttpClient().request(io.vertx.core.http.HttpMethod.GET, jwks.actualPort(),
          "127.0.0.1", "/notify/v1/jwks.json").compose(r -> r.send()).compose(r -> r.body()).await().toJsonObject();
      JsonObject key = published.getJsonArray("keys").getJsonObject(0);
      assertThat(key.fieldNames()).contains("kty", "n", "e", "kid").doesNotContain("d", "p", "q", "dp", "dq", "qi");
    } finally {
      jwks.close().await();
      fx.close().await();
    }
  }

  /**
   * Verifies that a token endpoint answering more than the response cap gets no token used: the
   * oversized answer is a failed token request (retried), and nothing reaches the sink (issue 15).
   */
  @Test
  void testOversizedTokenResponseIsRefused() {
    NotifyFixture fx = open(NotifyFixture.config(), Clock.systemUTC(), true);
    HttpServer jwks = serveJwks(fx);
    try {
      sink.tokenPadding = 2 * SinkClient.MAX_TOKEN_RESPONSE;
      SinkCredential credential = privateKeyJwt();
      fx.createQb(sink.url("/big-token"), credential).await();
      eventually(Duration.ofSeconds(5), () -> sink.at("/token").size() >= 1);
      quietFor(vertx, Duration.ofMillis(500)).await();
      assertThat(sink.at("/big-token")).isEmpty();
      eventually(Duration.ofSeconds(5), () -> sink.at("/token").size() >= 2);
      assertThat(fx.meter("qosb_events_deliveries_total", "outcome", "retry")).isGreaterThanOrEqualTo(1);
    } finally {
      jwks.close().await();
      fx.close().await();
    }
  }

  /** Verifies that credentials are sealed in every column that holds them and still read back. */
  @Test
  void testCredentialsAreEncryptedAtRest() {
    NotifyFixture fx = open(NotifyFixture.config(), Clock.systemUTC(), false);
    try {
      Booking qb = fx.createQb(sink.url("/rest"), accessToken("secret-token-XYZ", Instant.now().plusSeconds(3600))).await();
      Booking qba = fx.engine.createBooking(NotifyFixture.APP, NotifyFixture.qba(1, sink.url("/rest"),
          accessToken("secret-token-QBA", Instant.now().plusSeconds(3600)))).await();
      fx.engine.assignDevices(NotifyFixture.APP, qba.id(), List.of(Bookings.newDevice()), sink.url("/rest"),
          accessToken("device-secret-ABC", Instant.now().plusSeconds(3600))).await();
      fx.engine.deleteBooking(NotifyFixture.APP, Api.QBA, qba.id()).await();
      List<String> raw = new ArrayList<>();
      for (String table : List.of("booking", "assignment", "outbox_event")) {
        for (Row r : fx.store.pool().query("SELECT sink_credential FROM " + table).execute().await()) {
          raw.add(r.getString(0));
        }
      }
      assertThat(raw).hasSizeGreaterThanOrEqualTo(4);
      assertThat(raw).allSatisfy(v -> assertThat(v).startsWith("enc:v2:")
          .doesNotContain("secret-token-XYZ").doesNotContain("device-secret-ABC").doesNotContain("accessToken"));
      Booking read = fx.engine.getBooking(NotifyFixture.APP, Api.QB, qb.id()).await();
      assertThat(new JsonObject(read.sinkCredential().json()).getString("accessToken")).isEqualTo("secret-token-XYZ");
    } finally {
      fx.close().await();
    }
  }

  /** Verifies that an event the sink keeps refusing goes to the dead letters at notify.maxAge. */
  @Test
  void testUndeliverableEventGoesToTheDeadLetters() {
    NotifyConfig config = NotifyFixture.config().withTimings(Duration.ofMillis(50), Duration.ofSeconds(4),
        Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(20), Duration.ofMillis(100));
    NotifyFixture fx = open(config, Clock.systemUTC(), true);
    try {
      TestSink.Reply[] failures = new TestSink.Reply[100];
      java.util.Arrays.fill(failures, new TestSink.Reply(503, null));
      sink.script("/dead", failures);
      Booking b = fx.createQb(sink.url("/dead"), null).await();
      eventually(Duration.ofSeconds(5), () -> fx.outboxStates(b.id()).await().equals(List.of("DEAD")));
      assertThat(sink.at("/dead")).isNotEmpty();
      assertThat(fx.registry.scrape()).contains("qosb_events_dead_letters_total 1.0");
      assertThat(fx.meter("qosb_events_deliveries_total", "outcome", "dead_letter")).isEqualTo(1);
    } finally {
      fx.close().await();
    }
  }

  /**
   * Verifies the delivery-time address check: with private addresses refused, an event to a
   * loopback sink that got into the outbox (e.g. a DNS answer changed since the request) is never
   * sent, and ends in the dead letters.
   */
  @Test
  void testDeliveryTimeGuardRefusesALoopbackSink() {
    NotifyConfig config = NotifyFixture.config().withTimings(Duration.ofMillis(50), Duration.ofSeconds(4),
        Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(20), Duration.ofMillis(100))
        .withSinkRelaxations(false, true);
    NotifyFixture fx = open(config, Clock.systemUTC(), true);
    try {
      Booking b = fx.createQb(sink.url("/private"), null).await();
      eventually(Duration.ofSeconds(5), () -> fx.outboxStates(b.id()).await().equals(List.of("DEAD")));
      assertThat(sink.received).isEmpty();
    } finally {
      fx.close().await();
    }
  }
}
