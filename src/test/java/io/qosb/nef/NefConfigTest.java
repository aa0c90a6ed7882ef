package io.qosb.nef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NefConfigTest {

  /** Verifies that an empty section yields the documented defaults. */
  @Test
  void testFromJsonSucceedsForEmptySectionWithDefaults() {
    NefConfig config = NefConfig.fromJson(null);
    assertThat(config.url().toString()).isEqualTo(NefConfig.DEFAULT_URL);
    assertThat(config.scsAsId()).isEqualTo("qos-booking-adapter");
    assertThat(config.notificationUrl().toString()).isEqualTo(NefConfig.DEFAULT_NOTIFICATION_URL);
    assertThat(config.mode()).isEqualTo(NefConfig.Mode.SIMULATED);
    assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.retry()).isEqualTo(new NefConfig.Retry(4, Duration.ofMillis(200), Duration.ofSeconds(5)));
    assertThat(config.circuitBreaker()).isEqualTo(new NefConfig.CircuitBreaker(5, Duration.ofSeconds(30)));
    assertThat(config.oauth()).isEmpty();
    assertThat(config.tls().trustAll()).isFalse();
    assertThat(config.dialect()).isEqualTo(NefDialect.rel18());
    assertThat(config.subscriptionsUrl()).isEqualTo(NefConfig.DEFAULT_URL + "/qos-booking-adapter/subscriptions");
  }

  /** Verifies that a fully populated section is read, including string values from env overrides. */
  @Test
  void testFromJsonSucceedsForFullSection() {
    NefConfig config = NefConfig.fromJson(new JsonObject("""
        {"url": "https://nef.example:8443/3gpp-as-session-with-qos/v1/", "scsAsId": "af-1",
         "notificationUrl": "https://adapter.example/cb", "mode": "REMOTE", "timeout": "PT1S",
         "retry": {"maxAttempts": "6", "initialBackoff": "PT0.1S", "maxBackoff": "PT3S"},
         "oauth": {"tokenUrl": "https://auth.example/token", "clientId": "c", "clientSecret": "s3cret", "clientAuth": "post"},
         "tls": {"trustAll": "true", "trustStore": {"path": "/etc/nef/ca.pem", "type": "pem"}},
         "circuitBreaker": {"failureThreshold": 3, "resetTimeout": "PT10S"},
         "dialect": {"http2PriorKnowledge": true, "gpsiSupported": false, "dnn": "internet",
                     "snssai": {"sst": 1, "sd": "000001"}, "flowIdStrategy": "omit", "flowDirection": "downlink"}}
        """));
    assertThat(config.url().toString()).isEqualTo("https://nef.example:8443/3gpp-as-session-with-qos/v1");
    assertThat(config.mode()).isEqualTo(NefConfig.Mode.REMOTE);
    assertThat(config.retry().maxAttempts()).isEqualTo(6);
    assertThat(config.oauth()).get().extracting(NefConfig.OAuth::clientAuth).isEqualTo(NefConfig.ClientAuth.POST);
    assertThat(config.oauth().get().toString()).doesNotContain("s3cret");
    assertThat(config.tls().trustStoreType()).isEqualTo(NefConfig.TrustStoreType.PEM);
    assertThat(config.dialect().snssai()).contains(new JsonObject().put("sst", 1).put("sd", "000001"));
    assertThat(config.dialect().dnn()).contains("internet");
    assertThat(config.dialect().flowIdStrategy()).isEqualTo(NefDialect.FlowIdStrategy.OMIT);
    assertThat(config.dialect().flowDirection()).isEqualTo(NefDialect.FlowDirection.DOWNLINK);
    assertThat(config.dialect().http2PriorKnowledge()).isTrue();
  }

  /** Verifies that each invalid value fails with one line naming its key. */
  @Test
  void testFromJsonFailsNamingTheKey() {
    assertInvalid("{\"url\": \"ftp://x/y\"}", "nef.url:");
    assertInvalid("{\"scsAsId\": \"a/b\"}", "nef.scsAsId:");
    assertInvalid("{\"mode\": \"hybrid\"}", "nef.mode: must be one of simulated|remote");
    assertInvalid("{\"timeout\": \"5s\"}", "nef.timeout:");
    assertInvalid("{\"retry\": {\"maxAttempts\": 0}}", "nef.retry.maxAttempts:");
    assertInvalid("{\"retry\": {\"initialBackoff\": \"PT10S\"}}", "nef.retry.initialBackoff:");
    assertInvalid("{\"circuitBreaker\": {\"resetTimeout\": \"PT0S\"}}", "nef.circuitBreaker.resetTimeout:");
    assertInvalid("{\"oauth\": {\"tokenUrl\": \"http://a/t\", \"clientId\": \"c\"}}", "nef.oauth.clientSecret:");
    assertInvalid("{\"dialect\": {\"snssai\": {\"sst\": 300}}}", "nef.dialect.snssai.sst:");
    assertInvalid("{\"dialect\": {\"flowIdStrategy\": \"random\"}}", "nef.dialect.flowIdStrategy:");
    assertInvalid("{\"tls\": {\"trustAll\": \"maybe\"}}", "nef.tls.trustAll:");
  }

  /** Verifies that a bad secret is reported without its value. */
  @Test
  void testFromJsonFailsWithoutEchoingSecret() {
    assertThatThrownBy(() -> NefConfig.fromJson(new JsonObject(
        "{\"oauth\": {\"tokenUrl\": \"http://a/t\", \"clientId\": \"c\", \"clientSecret\": 123456789}}")))
        .hasMessageContaining("nef.oauth.clientSecret").hasMessageNotContaining("123456789");
  }

  private static void assertInvalid(String json, String expected) {
    assertThatThrownBy(() -> NefConfig.fromJson(new JsonObject(json)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(expected)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
