package io.qosb.schedule;

import static io.qosb.schedule.Harness.START;
import static io.qosb.schedule.Harness.ipv4;
import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.booking.AssignmentState;
import io.qosb.booking.CamaraException;
import io.qosb.booking.Device;
import io.qosb.booking.FlowSpec;
import io.qosb.nef.sim.RecordedRequest;
import io.qosb.store.SubscriptionState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The NEF dialect switches, end to end against a simulated NEF of that dialect. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 15, timeUnit = TimeUnit.SECONDS)
class DialectActivationTest {

  private static final String PRE_REL18 = "{\"notifications\": {\"enabled\": false}, \"dialect\": {\"gpsiSupported\": false,"
      + " \"requireDnn\": true, \"requireSnssai\": true}}";

  private static RecordedRequest post(Harness h) {
    return h.sim.requests().stream().filter(r -> r.method().equals("POST")).findFirst().orElseThrow();
  }

  /** Verifies that without gpsi a phone-number device is refused at assignment and at QB creation with 422. */
  @Test
  void testPhoneNumberRefusedWithoutGpsi(Vertx vertx, VertxTestContext ctx) {
    JsonObject dialect = new JsonObject().put("dialect", new JsonObject().put("gpsiSupported", false));
    Harness.h2(vertx, PRE_REL18, dialect).compose(h -> h.createQba(2)
        .compose(b -> h.assign(b, Device.ofPhoneNumber("+34600000077")).transform(ar -> {
          assertThat(ar.cause()).isInstanceOfSatisfying(CamaraException.class,
              e -> assertThat(e.status() + " " + e.code()).isEqualTo("422 UNSUPPORTED_IDENTIFIER"));
          return h.createQb(Device.ofPhoneNumber("+34600000078"), null);
        }))
        .transform(ar -> {
          assertThat(ar.cause()).isInstanceOfSatisfying(CamaraException.class,
              e -> assertThat(e.code()).isEqualTo("UNSUPPORTED_IDENTIFIER"));
          // a device that also has an IP address is named by it
          return h.createQb(Device.of("+34600000079", new Device.Ipv4("198.51.100.40", "198.51.100.40", null), null, null), null);
        })
        .compose(b -> {
          h.at(START);
          return h.activation.runDueJobs().map(v -> {
            assertThat(post(h).body().getString("ueIpv4Addr")).isEqualTo("198.51.100.40");
            assertThat(post(h).body().containsKey("gpsi")).isFalse();
            return null;
          });
        })
        .eventually(h::close)).onComplete(ctx.succeedingThenComplete());
  }

  /** Verifies that a NEF that needs dnn and snssai gets them when configured and refuses the device otherwise. */
  @Test
  void testDnnAndSnssaiSentWhenConfigured(Vertx vertx, VertxTestContext ctx) {
    JsonObject dialect = new JsonObject().put("dialect", new JsonObject().put("gpsiSupported", false)
        .put("dnn", "internet").put("snssai", new JsonObject().put("sst", 1).put("sd", "000001")));
    Harness.h2(vertx, PRE_REL18, dialect).compose(h -> h.createQb(ipv4("198.51.100.41"), null)
        .compose(b -> {
          h.at(START);
          return h.activation.runDueJobs().map(v -> {
            RecordedRequest post = post(h);
            assertThat(post.status()).isEqualTo(201);
            assertThat(post.body().getString("dnn")).isEqualTo("internet");
            assertThat(post.body().getJsonObject("snssai")).isEqualTo(new JsonObject().put("sst", 1).put("sd", "000001"));
            return null;
          });
        })
        .eventually(h::close)).onComplete(ctx.succeedingThenComplete());
  }

  /** Verifies that without the dnn the NEF needs, its 400 fails the device at once instead of retrying. */
  @Test
  void testMissingDnnFailsDeviceWithoutRetry(Vertx vertx, VertxTestContext ctx) {
    Harness.h2(vertx, PRE_REL18, new JsonObject()).compose(h -> h.createQb(ipv4("198.51.100.42"), null)
        .compose(b -> {
          h.at(START);
          return h.activation.runDueJobs()
              .compose(v -> Future.all(h.assignments(b.id()), h.records(b.id())))
              .map(all -> {
                assertThat(post(h).status()).isEqualTo(400);
                assertThat(all.<java.util.List<io.qosb.booking.Assignment>>resultAt(0)).singleElement()
                    .extracting(a -> a.state()).isEqualTo(AssignmentState.FAILED);
                assertThat(all.<java.util.List<io.qosb.store.NefSubscriptionRecord>>resultAt(1)).singleElement()
                    .extracting(r -> r.state()).isEqualTo(SubscriptionState.FAILED);
                assertThat(h.meter(ActivationMetrics.METER_RUNS, "result", "retried")).isZero();
                return null;
              });
        })
        .eventually(h::close)).onComplete(ctx.succeedingThenComplete());
  }

  /** Verifies that QB flows reach the NEF as the dialect's flowId strategy and direction say. */
  @Test
  void testFlowsFollowDialect(Vertx vertx, VertxTestContext ctx) {
    JsonObject dialect = new JsonObject().put("dialect", new JsonObject().put("flowIdStrategy", "hashed")
        .put("flowDirection", "downlink"));
    FlowSpec flows = new FlowSpec("{\"ipv4Address\":\"203.0.113.9\"}", null, "{\"ports\":[443]}");
    Harness.h2(vertx, ActivationTest.QUIET, dialect).compose(h -> h.createQb(ipv4("198.51.100.43"), flows)
        .compose(b -> {
          h.at(START);
          return h.activation.runDueJobs().map(v -> {
            JsonObject flow = post(h).body().getJsonArray("flowInfo").getJsonObject(0);
            assertThat(flow.getJsonArray("flowDescriptions")).containsExactly(
                "permit out ip from 203.0.113.9 443 to 198.51.100.43");
            assertThat(flow.getInteger("flowId")).isNotEqualTo(1);
            return null;
          });
        })
        .eventually(h::close)).onComplete(ctx.succeedingThenComplete());
  }
}
