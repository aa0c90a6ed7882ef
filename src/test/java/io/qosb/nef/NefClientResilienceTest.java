package io.qosb.nef;

import static io.qosb.nef.NefTestSupport.aSubscription;
import static io.qosb.nef.NefTestSupport.config;
import static io.qosb.nef.NefTestSupport.scenario;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qosb.nef.sim.RecordedRequest;
import io.qosb.nef.sim.SimulatedNef;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The NEF client's circuit breaker, OAuth2 client credentials and TLS. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class NefClientResilienceTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private NefClient client;

  @AfterEach
  void tearDown() {
    if (client != null) {
      client.close();
    }
  }

  /** Verifies that the circuit opens after N failures, fails fast, and closes after a successful probe. */
  @Test
  void testCircuitOpensAfterFailuresAndClosesAfterReset(Vertx vertx, VertxTestContext ctx) {
    JsonObject breaker = new JsonObject()
        .put("retry", new JsonObject().put("maxAttempts", 1))
        .put("circuitBreaker", new JsonObject().put("failureThreshold", 2).put("resetTimeout", "PT0.2S"));
    SimulatedNef[] sim = new SimulatedNef[1];
    SimulatedNef.start(vertx, "127.0.0.1", 0, scenario("{\"faults\": [{\"operation\": \"list\", \"status\": 500, \"count\": 2}]}"))
        .compose(nef -> {
          sim[0] = nef;
          client = new NefClient(vertx, config(nef.baseUrl(), breaker), registry);
          return failed(client.list()).compose(v -> failed(client.list()));
        })
        .compose(v -> {
          ctx.verify(() -> assertThat(client.isAvailable()).isFalse());
          return failed(client.list());
        })
        .compose(open -> {
          ctx.verify(() -> {
            assertThat(open.outcome()).isEqualTo(NefOutcome.CIRCUIT_OPEN);
            assertThat(sim[0].requests()).hasSize(2);
          });
          return vertx.timer(250, TimeUnit.MILLISECONDS).compose(t -> client.list());
        })
        .onComplete(ctx.succeeding(list -> ctx.verify(() -> {
          assertThat(client.isAvailable()).isTrue();
          assertThat(sim[0].requests()).hasSize(3);
          assertThat(registry.find(NefMetrics.METER_REQUESTS).tag("outcome", "circuit_open").counter().count()).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  /** Verifies that the OAuth token is fetched once, cached, and sent as Bearer to the NEF. */
  @Test
  void testOAuthTokenFetchedOnceAndCached(Vertx vertx, VertxTestContext ctx) {
    AtomicInteger tokenRequests = new AtomicInteger();
    String[] authorization = new String[1];
    HttpServer tokenEndpoint = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(form -> {
      tokenRequests.incrementAndGet();
      authorization[0] = req.getHeader("Authorization");
      boolean grant = form.toString().contains("grant_type=client_credentials");
      req.response().setStatusCode(grant ? 200 : 400).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("access_token", "tkn-1").put("token_type", "Bearer").put("expires_in", 3600).encode());
    }));
    SimulatedNef[] sim = new SimulatedNef[1];
    Future.all(tokenEndpoint.listen(0, "127.0.0.1"), SimulatedNef.start(vertx, "127.0.0.1", 0, scenario("{}")))
        .compose(all -> {
          sim[0] = all.resultAt(1);
          JsonObject oauth = new JsonObject().put("oauth", new JsonObject()
              .put("tokenUrl", "http://127.0.0.1:" + tokenEndpoint.actualPort() + "/token")
              .put("clientId", "adapter").put("clientSecret", "secret"));
          client = new NefClient(vertx, config(sim[0].baseUrl(), oauth), registry);
          return Future.all(client.create(aSubscription()), client.create(aSubscription()));
        })
        .compose(v -> client.list())
        .onComplete(ctx.succeeding(list -> ctx.verify(() -> {
          assertThat(tokenRequests.get()).isEqualTo(1);
          assertThat(authorization[0]).startsWith("Basic ");
          assertThat(sim[0].requests()).hasSize(3).allMatch(RecordedRequest::authorization);
          ctx.completeNow();
        })));
  }

  /** Verifies that a rejected client at the token endpoint fails the call without retries. */
  @Test
  void testCreateFailsWhenTokenRejected(Vertx vertx, VertxTestContext ctx) {
    HttpServer tokenEndpoint = vertx.createHttpServer().requestHandler(req -> req.response().setStatusCode(401).end());
    Future.all(tokenEndpoint.listen(0, "127.0.0.1"), SimulatedNef.start(vertx, "127.0.0.1", 0, scenario("{}")))
        .compose(all -> {
          SimulatedNef sim = all.resultAt(1);
          JsonObject oauth = new JsonObject().put("oauth", new JsonObject()
              .put("tokenUrl", "http://127.0.0.1:" + tokenEndpoint.actualPort() + "/token")
              .put("clientId", "adapter").put("clientSecret", "wrong"));
          client = new NefClient(vertx, config(sim.baseUrl(), oauth), registry);
          return client.create(aSubscription());
        })
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(((NefException) e).problemCause()).contains("OAUTH_TOKEN_REJECTED");
          assertThat(((NefException) e).isRetryable()).isFalse();
          ctx.completeNow();
        })));
  }

  /** Verifies that an https NEF URL works (trustAll for the test's self-signed certificate). */
  @Test
  void testCreateSucceedsOverTls(Vertx vertx, VertxTestContext ctx) {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    HttpServerOptions tls = new HttpServerOptions().setHost("127.0.0.1").setPort(0).setSsl(true)
        .setKeyCertOptions(certificate.keyCertOptions());
    SimulatedNef.start(vertx, tls, scenario("{}"))
        .compose(sim -> {
          ctx.verify(() -> assertThat(sim.baseUrl()).startsWith("https://"));
          client = new NefClient(vertx, config(sim.baseUrl(), new JsonObject().put("tls", new JsonObject().put("trustAll", true))), registry);
          return client.create(aSubscription());
        })
        .onComplete(ctx.succeeding(created -> ctx.verify(() -> {
          assertThat(created.url()).startsWith("https://127.0.0.1:");
          ctx.completeNow();
        })));
  }

  private static Future<NefException> failed(Future<?> call) {
    return call.transform(ar -> ar.succeeded()
        ? Future.failedFuture(new AssertionError("expected a failure"))
        : Future.succeededFuture((NefException) ar.cause()));
  }
}
