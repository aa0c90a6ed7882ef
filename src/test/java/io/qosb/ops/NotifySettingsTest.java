package io.qosb.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qosb.notify.NotifyConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Verifies the notify.* keys: packaged defaults, env overrides, one-line errors. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
class NotifySettingsTest {

  private static NotifyConfig load(Vertx vertx, Map<String, String> env) {
    JsonObject json = new ConfigLoader(vertx, env).load(null).await();
    return NotifySettings.from(new Settings(json));
  }

  /** Verifies the packaged defaults, and that the dev credential key is recognised as such. */
  @Test
  void testDefaults(Vertx vertx) {
    NotifyConfig c = load(vertx, Map.of());
    assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.lease()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.maxAge()).isEqualTo(Duration.ofHours(24));
    assertThat(c.backoffInitial()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.backoffMax()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.signingKey()).isEqualTo("config/dev/signing-key.json");
    assertThat(c.jwksPath()).isEqualTo("/notify/v1/jwks.json");
    assertThat(c.devCredentialKey()).isTrue();
    assertThat(c.allowPrivateAddresses()).isFalse();
    assertThat(c.trustAll()).isFalse();
    assertThat(c.dnsServers()).isEmpty();
    assertThat(c.dnsTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.toString()).doesNotContain(NotifySettings.DEV_CREDENTIAL_KEY);
  }

  /** Verifies the delivery slots: 16 in all and 4 per sink host by default, overridable, at least 1. */
  @Test
  void testDeliverySlots(Vertx vertx) {
    NotifyConfig d = load(vertx, Map.of());
    assertThat(d.batchSize()).isEqualTo(16);
    assertThat(d.perHostConcurrency()).isEqualTo(4);
    NotifyConfig c = load(vertx, Map.of("QOSB_NOTIFY_PER_HOST_CONCURRENCY", "2", "QOSB_NOTIFY_BATCH_SIZE", "32"));
    assertThat(c.perHostConcurrency()).isEqualTo(2);
    assertThat(c.batchSize()).isEqualTo(32);
    assertThatThrownBy(() -> load(vertx, Map.of("QOSB_NOTIFY_PER_HOST_CONCURRENCY", "0")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("notify.perHostConcurrency");
  }

  /** Verifies that QOSB_NOTIFY_CREDENTIAL_KEY replaces the dev key and durations are overridable. */
  @Test
  void testEnvironmentOverrides(Vertx vertx) {
    String key = Base64.getEncoder().encodeToString(new byte[32]);
    NotifyConfig c = load(vertx, Map.of("QOSB_NOTIFY_CREDENTIAL_KEY", key, "QOSB_NOTIFY_MAX_AGE", "PT1H",
        "QOSB_NOTIFY_BACKOFF_MAX", "PT30S"));
    assertThat(c.devCredentialKey()).isFalse();
    assertThat(c.credentialKeys()).hasSize(1);
    assertThat(c.credentialKeys().get(0)).hasSize(32);
    assertThat(c.maxAge()).isEqualTo(Duration.ofHours(1));
    assertThat(c.backoffMax()).isEqualTo(Duration.ofSeconds(30));
  }

  /** Verifies that QOSB_NOTIFY_CREDENTIAL_KEYS (a JSON array, newest first) replaces the single key. */
  @Test
  void testCredentialKeysListTakesPrecedence(Vertx vertx) {
    String newest = Base64.getEncoder().encodeToString(new byte[32]);
    byte[] older = new byte[32];
    older[0] = 7;
    NotifyConfig c = load(vertx, Map.of("QOSB_NOTIFY_CREDENTIAL_KEYS",
        "[\"" + newest + "\",\"" + Base64.getEncoder().encodeToString(older) + "\"]"));
    assertThat(c.credentialKeys()).hasSize(2);
    assertThat(c.credentialKeys().get(1)).isEqualTo(older);
    assertThat(c.devCredentialKey()).isFalse();
    assertThatThrownBy(() -> load(vertx, Map.of("QOSB_NOTIFY_CREDENTIAL_KEYS", "[\"c2hvcnQ=\"]")))
        .isInstanceOf(ConfigException.class).hasMessage("notify.credentialKeys: expected base64 of 32 bytes, got 5 bytes");
  }

  /** Verifies sinks.dnsServers (IP[:port], IPv6 bracketed with a port) and sinks.dnsTimeout from the environment. */
  @Test
  void testSinkDnsSettings(Vertx vertx) {
    NotifyConfig c = load(vertx, Map.of("QOSB_SINKS_DNS_SERVERS", "[\"10.0.0.2\", \"127.0.0.1:5300\", \"[fd00::53]:5353\", \"fd00::54\"]",
        "QOSB_SINKS_DNS_TIMEOUT", "PT0.5S"));
    assertThat(c.dnsServers()).containsExactly(new InetSocketAddress("10.0.0.2", 53),
        new InetSocketAddress("127.0.0.1", 5300), new InetSocketAddress("fd00::53", 5353), new InetSocketAddress("fd00::54", 53));
    assertThat(c.dnsTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThatThrownBy(() -> load(vertx, Map.of("QOSB_SINKS_DNS_SERVERS", "[\"dns.example\"]")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("sinks.dnsServers: expected IP[:port] such as 10.0.0.2 or [fd00::53]:53, got 'dns.example'");
    assertThatThrownBy(() -> load(vertx, Map.of("QOSB_SINKS_DNS_SERVERS", "[\"10.0.0.2:0\"]")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("sinks.dnsServers: expected IP[:port]");
    assertThatThrownBy(() -> load(vertx, Map.of("QOSB_SINKS_DNS_TIMEOUT", "PT0S")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("sinks.dnsTimeout: must be longer than zero");
  }

  /** Verifies one-line errors naming the key. */
  @Test
  void testInvalidValuesFailWithOneLine(Vertx vertx) {
    assertThatThrownBy(() -> load(vertx, Map.of("QOSB_NOTIFY_CREDENTIAL_KEY", "c2hvcnQ=")))
        .isInstanceOf(ConfigException.class).hasMessage("notify.credentialKey: expected base64 of 32 bytes, got 5 bytes");
    assertThatThrownBy(() -> load(vertx, Map.of("QOSB_NOTIFY_LEASE", "PT10S")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("notify.lease: must be longer than three");
    assertThatThrownBy(() -> load(vertx, Map.of("QOSB_NOTIFY_POLL_INTERVAL", "soon")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("notify.pollInterval: expected an ISO-8601 duration");
    assertThatThrownBy(() -> load(vertx, Map.of("QOSB_NOTIFY_BACKOFF_MAX", "PT0.5S")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("notify.backoff.max: must not be shorter");
    assertThatThrownBy(() -> load(vertx, Map.of("QOSB_NOTIFY_REQUEST_TIMEOUT", "PT0S")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("notify.requestTimeout: must be longer than zero");
  }
}
