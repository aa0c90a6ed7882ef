package io.qosb.nef.sim;

import static io.qosb.nef.NefTestSupport.aSubscription;
import static io.qosb.nef.NefTestSupport.isUserPlaneNotificationData;
import static io.qosb.nef.NefTestSupport.scenario;
import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.nef.NefTestSupport.Receiver;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpResponseExpectation;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The simulated NEF over HTTP: validation, notifications, usage threshold, congestion, amnesia, capacity. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 5, timeUnit = TimeUnit.SECONDS)
class SimulatedNefTest {

  private SimulatedNef sim;

  @AfterEach
  void tearDown() {
    if (sim != null) {
      sim.close();
    }
  }

  private Future<SimulatedNef> given(Vertx vertx, String scenarioJson) {
    return SimulatedNef.start(vertx, "127.0.0.1", 0, scenario(scenarioJson)).map(nef -> sim = nef);
  }

  private static Future<HttpResponse<Buffer>> post(Vertx vertx, SimulatedNef nef, JsonObject body) {
    return WebClient.create(vertx).postAbs(nef.baseUrl() + "/af/subscriptions").sendJsonObject(body);
  }

  private void assertBadRequest(Vertx vertx, VertxTestContext ctx, String scenarioJson, JsonObject body, String param) {
    given(vertx, scenarioJson)
        .compose(nef -> post(vertx, nef, body))
        .expecting(HttpResponseExpectation.SC_BAD_REQUEST.and(HttpResponseExpectation.contentType("application/problem+json")))
        .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
          JsonObject problem = response.bodyAsJsonObject();
          assertThat(problem.getInteger("status")).isEqualTo(400);
          assertThat(problem.getJsonArray("invalidParams").getJsonObject(0).getString("param")).isEqualTo(param);
          assertThat(sim.subscriptions()).isEmpty();
          ctx.completeNow();
        })));
  }

  /** Verifies that two UE identifiers are refused with 400 ProblemDetails. */
  @Test
  void testCreateFailsForTwoUeIdentifiers(Vertx vertx, VertxTestContext ctx) {
    assertBadRequest(vertx, ctx, "{}", aSubscription().put("ueIpv6Addr", "2001:db8::1"), "/ueIpv4Addr");
  }

  /** Verifies that a missing notificationDestination is refused with 400. */
  @Test
  void testCreateFailsWithoutNotificationDestination(Vertx vertx, VertxTestContext ctx) {
    JsonObject body = aSubscription();
    body.remove("notificationDestination");
    assertBadRequest(vertx, ctx, "{}", body, "/notificationDestination");
  }

  /** Verifies that a pre-Rel-18 NEF refuses gpsi. */
  @Test
  void testCreateFailsForGpsiOnPreRel18(Vertx vertx, VertxTestContext ctx) {
    JsonObject body = aSubscription().put("gpsi", "msisdn-34600000001");
    body.remove("ueIpv4Addr");
    assertBadRequest(vertx, ctx, "{\"dialect\": {\"gpsiSupported\": false}}", body, "/gpsi");
  }

  /** Verifies that a body without any QoS is refused. */
  @Test
  void testCreateFailsWithoutQos(Vertx vertx, VertxTestContext ctx) {
    JsonObject body = aSubscription();
    body.remove("qosReference");
    assertBadRequest(vertx, ctx, "{}", body, "/qosReference");
  }

  /** Verifies that malformed JSON gets 400 and a wrong content type 415. */
  @Test
  void testCreateFailsForMalformedJsonAndContentType(Vertx vertx, VertxTestContext ctx) {
    given(vertx, "{}")
        .compose(nef -> WebClient.create(vertx).postAbs(nef.baseUrl() + "/af/subscriptions")
            .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"ueIpv4Addr\": ")))
        .expecting(HttpResponseExpectation.SC_BAD_REQUEST)
        .compose(r -> WebClient.create(vertx).postAbs(sim.baseUrl() + "/af/subscriptions")
            .putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer(aSubscription().encode())))
        .expecting(HttpResponseExpectation.status(415))
        .onComplete(ctx.succeedingThenComplete());
  }

  /** Verifies that a create is followed by SUCCESSFUL_RESOURCES_ALLOCATION then QOS_GUARANTEED. */
  @Test
  void testCreateNotifiesAllocationAndQosGuaranteed(Vertx vertx, VertxTestContext ctx) {
    Receiver receiver = new Receiver();
    receiver.start(vertx, () -> {
          if (receiver.received.size() < 2) {
            return;
          }
          ctx.verify(() -> {
            assertThat(receiver.events()).containsExactly("SUCCESSFUL_RESOURCES_ALLOCATION", "QOS_GUARANTEED");
            assertThat(receiver.received).allMatch(n -> isUserPlaneNotificationData(n));
            assertThat(receiver.received.get(0).getString("transaction")).isEqualTo(sim.baseUrl() + "/af/subscriptions/sub-1");
            assertThat(receiver.received.get(0).getJsonArray("eventReports").getJsonObject(0).getString("appliedQosRef"))
                .isEqualTo("QOS_L");
            assertThat(sim.notifications()).allMatch(SentNotification::delivered);
          });
          ctx.completeNow();
        })
        .compose(r -> given(vertx, "{\"notifications\": {\"delay\": \"PT0.01S\"}}"))
        .compose(nef -> post(vertx, nef, aSubscription(receiver.url())))
        .expecting(HttpResponseExpectation.SC_CREATED)
        .onFailure(ctx::failNow);
  }

  /** Verifies that a congested UE gets FAILED_RESOURCES_ALLOCATION while the subscription exists. */
  @Test
  void testCreateNotifiesFailedAllocationWhenCongested(Vertx vertx, VertxTestContext ctx) {
    Receiver receiver = new Receiver();
    receiver.start(vertx, () -> ctx.verify(() -> {
          assertThat(receiver.events()).containsExactly("FAILED_RESOURCES_ALLOCATION");
          assertThat(sim.subscriptions()).hasSize(1);
          ctx.completeNow();
        }))
        .compose(r -> given(vertx, "{\"congestion\": {\"ueIds\": [\"198.51.100.10\"]}, \"notifications\": {\"delay\": \"PT0.01S\"}}"))
        .compose(nef -> post(vertx, nef, aSubscription(receiver.url())))
        .expecting(HttpResponseExpectation.SC_CREATED)
        .onFailure(ctx::failNow);
  }

  /** Verifies that usageThreshold.duration ends the session with SESSION_TERMINATION and removes it. */
  @Test
  void testUsageThresholdTerminatesSession(Vertx vertx, VertxTestContext ctx) {
    Receiver receiver = new Receiver();
    receiver.start(vertx, () -> {
          if (receiver.events().contains("SESSION_TERMINATION")) {
            ctx.verify(() -> {
              assertThat(sim.subscriptions()).isEmpty();
              assertThat(receiver.received).allMatch(n -> isUserPlaneNotificationData(n));
            });
            ctx.completeNow();
          }
        })
        .compose(r -> given(vertx, "{\"timeScale\": 0.1, \"notifications\": {\"enabled\": true}}"))
        .compose(nef -> post(vertx, nef, aSubscription(receiver.url()).put("usageThreshold", new JsonObject().put("duration", 2))))
        .expecting(HttpResponseExpectation.SC_CREATED)
        .onFailure(ctx::failNow);
  }

  /** Verifies that amnesia forgets every subscription after forgetAfter. */
  @Test
  void testAmnesiaForgetsSubscriptions(Vertx vertx, VertxTestContext ctx) {
    // warm the client up first: amnesia counts from start, and a cold first request can take a second
    SimulatedNef.start(vertx, "127.0.0.1", 0, Scenario.defaults())
        .compose(warm -> WebClient.create(vertx).getAbs(warm.baseUrl() + "/af/subscriptions").send().eventually(warm::close))
        .compose(warm -> given(vertx, "{\"forgetAfter\": \"PT0.5S\", \"notifications\": {\"enabled\": false}}"))
        .compose(nef -> post(vertx, nef, aSubscription()))
        .expecting(HttpResponseExpectation.SC_CREATED)
        .compose(created -> {
          ctx.verify(() -> assertThat(sim.subscriptions()).hasSize(1));
          return untilForgotten(vertx).compose(t -> WebClient.create(vertx).getAbs(created.getHeader("Location")).send());
        })
        .expecting(HttpResponseExpectation.SC_NOT_FOUND)
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(sim.subscriptions()).isEmpty();
          ctx.completeNow();
        })));
  }

  private Future<Void> untilForgotten(Vertx vertx) {
    if (sim.subscriptions().isEmpty()) {
      return Future.succeededFuture();
    }
    return vertx.timer(50, TimeUnit.MILLISECONDS).compose(t -> untilForgotten(vertx));
  }

  /** Verifies that beyond capacity a create gets 403 with a temporary cause and Retry-After. */
  @Test
  void testCreateFailsBeyondCapacity(Vertx vertx, VertxTestContext ctx) {
    given(vertx, "{\"capacity\": 1, \"notifications\": {\"enabled\": false}}")
        .compose(nef -> post(vertx, nef, aSubscription()))
        .expecting(HttpResponseExpectation.SC_CREATED)
        .compose(r -> post(vertx, sim, aSubscription()))
        .expecting(HttpResponseExpectation.SC_FORBIDDEN)
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r.bodyAsJsonObject().getString("cause")).isEqualTo("REQUESTED_SERVICE_TEMPORARILY_NOT_AUTHORIZED");
          assertThat(r.getHeader("Retry-After")).isEqualTo("30");
          ctx.completeNow();
        })));
  }

  /** Verifies that PATCH merges, PUT replaces and both keep self. */
  @Test
  void testPatchAndPutSucceed(Vertx vertx, VertxTestContext ctx) {
    WebClient web = WebClient.create(vertx);
    given(vertx, "{\"notifications\": {\"enabled\": false}}")
        .compose(nef -> post(vertx, nef, aSubscription()))
        .compose(created -> web.patchAbs(created.getHeader("Location"))
            .putHeader("Content-Type", "application/merge-patch+json")
            .sendBuffer(new JsonObject().put("qosReference", "QOS_E").putNull("flowInfo").toBuffer())
            .expecting(HttpResponseExpectation.SC_OK)
            .compose(patched -> {
              ctx.verify(() -> {
                assertThat(patched.bodyAsJsonObject().getString("qosReference")).isEqualTo("QOS_E");
                assertThat(patched.bodyAsJsonObject().containsKey("flowInfo")).isFalse();
              });
              return web.putAbs(created.getHeader("Location")).sendJsonObject(aSubscription().put("qosReference", "QOS_S"));
            }))
        .expecting(HttpResponseExpectation.SC_OK)
        .onComplete(ctx.succeeding(put -> ctx.verify(() -> {
          assertThat(put.bodyAsJsonObject().getString("self")).endsWith("/af/subscriptions/sub-1");
          assertThat(sim.subscriptions().get("sub-1").getString("qosReference")).isEqualTo("QOS_S");
          ctx.completeNow();
        })));
  }
}
