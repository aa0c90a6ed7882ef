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
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The NEF client against the simulated NEF: round trip, Location forms, retries and failures. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class NefClientTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private NefClient client;
  private SimulatedNef sim;

  @AfterEach
  void tearDown() {
    if (client != null) {
      client.close();
    }
  }

  private Future<NefClient> given(Vertx vertx, String scenarioJson, JsonObject extraConfig) {
    return SimulatedNef.start(vertx, "127.0.0.1", 0, scenario(scenarioJson)).map(nef -> {
      sim = nef;
      client = new NefClient(vertx, config(nef.baseUrl(), extraConfig), registry);
      return client;
    });
  }

  private double count(NefOperation operation, NefOutcome outcome) {
    var counter = registry.find(NefMetrics.METER_REQUESTS).tag("operation", operation.tag()).tag("outcome", outcome.tag()).counter();
    return counter == null ? 0 : counter.count();
  }

  /** Verifies that create, read, list and delete work end to end and bodies conform to the 3GPP schema. */
  @Test
  void testRoundTripSucceeds(Vertx vertx, VertxTestContext ctx) {
    given(vertx, "{}", new JsonObject())
        .compose(c -> c.create(aSubscription()))
        .compose(created -> client.read(created.url()).map(read -> {
          ctx.verify(() -> {
            assertThat(created.url()).isEqualTo(sim.baseUrl() + "/qos-booking-adapter/subscriptions/" + created.subscriptionId());
            assertThat(read.getString("self")).isEqualTo(created.url());
            assertThat(read.getString("qosReference")).isEqualTo("QOS_L");
          });
          return created;
        }))
        .compose(created -> client.list().map(list -> {
          ctx.verify(() -> assertThat(list).extracting(NefSubscription::url).containsExactly(created.url()));
          return created;
        }))
        .compose(created -> client.delete(created.url()).map(created))
        .onComplete(ctx.succeeding(created -> ctx.verify(() -> {
          assertThat(sim.subscriptions()).isEmpty();
          assertThat(sim.deleteCount(created.subscriptionId())).isEqualTo(1);
          RecordedRequest post = sim.requests().get(0);
          assertThat(post.method()).isEqualTo("POST");
          assertThat(NefTestSupport.schemaProblems(post.body())).isEmpty();
          assertThat(count(NefOperation.CREATE, NefOutcome.SUCCESS)).isEqualTo(1);
          assertThat(registry.find(NefMetrics.METER_DURATION).tag("operation", "delete").timer().count()).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  /** Verifies that every Location form the NEF may send resolves to the subscription's absolute URL. */
  @ParameterizedTest
  @ValueSource(strings = {"absolute", "relative", "scheme_less", "self_only"})
  void testCreateSucceedsForEachLocationForm(String style, Vertx vertx, VertxTestContext ctx) {
    given(vertx, "{\"dialect\": {\"location\": \"" + style + "\"}}", new JsonObject())
        .compose(c -> c.create(aSubscription()))
        .compose(created -> client.read(created.url()).map(created))
        .onComplete(ctx.succeeding(created -> ctx.verify(() -> {
          assertThat(created.url()).isEqualTo(sim.baseUrl() + "/qos-booking-adapter/subscriptions/sub-1");
          assertThat(created.subscriptionId()).isEqualTo("sub-1");
          ctx.completeNow();
        })));
  }

  /** Verifies that a 503 is retried and yields exactly one subscription, with the retry counted. */
  @Test
  void testCreateSucceedsAfter503(Vertx vertx, VertxTestContext ctx) {
    given(vertx, "{\"faults\": [{\"operation\": \"create\", \"status\": 503}]}", new JsonObject())
        .compose(c -> c.create(aSubscription()))
        .onComplete(ctx.succeeding(created -> ctx.verify(() -> {
          assertThat(sim.subscriptions()).hasSize(1);
          assertThat(sim.totalCreates()).isEqualTo(1);
          assertThat(count(NefOperation.CREATE, NefOutcome.SERVER_ERROR)).isEqualTo(1);
          assertThat(count(NefOperation.CREATE, NefOutcome.SUCCESS)).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  /** Verifies that a 400 is not retried and carries status and ProblemDetails. */
  @Test
  void testCreateFailsWithoutRetryFor4xx(Vertx vertx, VertxTestContext ctx) {
    given(vertx, "{}", new JsonObject())
        .compose(c -> c.create(aSubscription().put("gpsi", "msisdn-34600000001")))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          NefException nef = (NefException) e;
          assertThat(nef.status()).isEqualTo(400);
          assertThat(nef.outcome()).isEqualTo(NefOutcome.CLIENT_ERROR);
          assertThat(nef.detail()).get().asString().contains("exactly one of");
          assertThat(sim.requests()).hasSize(1);
          assertThat(client.isAvailable()).isTrue();
          ctx.completeNow();
        })));
  }

  /** Verifies that a 429 is retried only after its Retry-After. */
  @Test
  void testCreateSucceedsAfter429HonouringRetryAfter(Vertx vertx, VertxTestContext ctx) {
    long[] start = new long[1];
    given(vertx, "{\"faults\": [{\"operation\": \"create\", \"status\": 429, \"retryAfter\": \"1\"}]}", new JsonObject())
        .compose(c -> {
          start[0] = System.nanoTime();
          return c.create(aSubscription());
        })
        .onComplete(ctx.succeeding(created -> ctx.verify(() -> {
          assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start[0])).isGreaterThanOrEqualTo(950);
          assertThat(sim.requests()).hasSize(2);
          ctx.completeNow();
        })));
  }

  /** Verifies that a Retry-After beyond maxBackoff fails the call at once, carrying the Retry-After. */
  @Test
  void testCreateFailsWhenRetryAfterExceedsMaxBackoff(Vertx vertx, VertxTestContext ctx) {
    given(vertx, "{\"faults\": [{\"operation\": \"create\", \"status\": 503, \"retryAfter\": \"120\"}]}", new JsonObject())
        .compose(c -> c.create(aSubscription()))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(((NefException) e).retryAfter()).contains(java.time.Duration.ofSeconds(120));
          assertThat(sim.requests()).hasSize(1);
          ctx.completeNow();
        })));
  }

  /** Verifies that a timed-out attempt is retried and the retries are bounded. */
  @Test
  void testCreateRetriesTimeoutsBoundedly(Vertx vertx, VertxTestContext ctx) {
    JsonObject fast = new JsonObject().put("timeout", "PT0.1S");
    given(vertx, "{\"faults\": [{\"operation\": \"create\", \"status\": 503, \"delay\": \"PT0.3S\", \"count\": 1},"
        + "{\"operation\": \"list\", \"status\": 503, \"delay\": \"PT0.3S\", \"count\": 5}]}", fast)
        .compose(c -> c.create(aSubscription()))
        .compose(created -> client.list().transform(ar -> Future.succeededFuture(ar)))
        .onComplete(ctx.succeeding(listResult -> ctx.verify(() -> {
          assertThat(count(NefOperation.CREATE, NefOutcome.TIMEOUT)).isEqualTo(1);
          assertThat(count(NefOperation.CREATE, NefOutcome.SUCCESS)).isEqualTo(1);
          assertThat(listResult.failed()).isTrue();
          assertThat(((NefException) listResult.cause()).outcome()).isEqualTo(NefOutcome.TIMEOUT);
          assertThat(count(NefOperation.LIST, NefOutcome.TIMEOUT)).isEqualTo(3);
          ctx.completeNow();
        })));
  }

  /** Verifies that DELETE accepts 200 with a final notification and treats 404 as already gone. */
  @Test
  void testDeleteSucceedsFor200WithBodyAnd404(Vertx vertx, VertxTestContext ctx) {
    given(vertx, "{\"dialect\": {\"deleteResponse\": \"ok_with_body\"}}", new JsonObject())
        .compose(c -> c.create(aSubscription()))
        .compose(created -> client.delete(created.url()).compose(v -> client.delete(created.url())).map(created))
        .onComplete(ctx.succeeding(created -> ctx.verify(() -> {
          assertThat(sim.requests()).extracting(RecordedRequest::status).containsExactly(201, 200, 404);
          assertThat(sim.deleteCount(created.subscriptionId())).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  /** Verifies that with http2PriorKnowledge the client talks h2c to a NEF that accepts it. */
  @Test
  void testCreateSucceedsOverH2cPriorKnowledge(Vertx vertx, VertxTestContext ctx) {
    given(vertx, "{}", new JsonObject().put("dialect", new JsonObject().put("http2PriorKnowledge", true)))
        .compose(c -> c.create(aSubscription()))
        .onComplete(ctx.succeeding(created -> ctx.verify(() -> {
          assertThat(sim.requests()).extracting(RecordedRequest::httpVersion).containsExactly("HTTP_2");
          ctx.completeNow();
        })));
  }

  /** Verifies that the default transport is HTTP/1.1. */
  @Test
  void testCreateUsesHttp11ByDefault(Vertx vertx, VertxTestContext ctx) {
    given(vertx, "{}", new JsonObject())
        .compose(c -> c.create(aSubscription()))
        .onComplete(ctx.succeeding(created -> ctx.verify(() -> {
          assertThat(sim.requests()).extracting(RecordedRequest::httpVersion).containsExactly("HTTP_1_1");
          ctx.completeNow();
        })));
  }
}
