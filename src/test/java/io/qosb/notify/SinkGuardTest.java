package io.qosb.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Verifies the sink address policy. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SinkGuardTest {

  Vertx vertx;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  void stop() {
    vertx.close().await();
  }

  /** Verifies that non-public addresses are refused, IPv4 and IPv6, also embedded in IPv6. */
  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
      "224.0.0.1", "100.64.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1",
      "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "2002:a00:1::1", "fec0::1"})
  void testPrivateAddressIsRefused(String address) throws Exception {
    assertThat(SinkGuard.isPublic(InetAddress.getByName(address))).isFalse();
  }

  /** Verifies that public addresses pass. */
  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "93.184.216.34", "2606:4700:4700::1111", "::ffff:8.8.8.8"})
  void testPublicAddressPasses(String address) throws Exception {
    assertThat(SinkGuard.isPublic(InetAddress.getByName(address))).isTrue();
  }

  /** Verifies the request-time check: https only, no user info, loopback refused unless allowed. */
  @Test
  void testCheckRefusesWhatIsNotAPublicHttpsUrl() {
    SinkGuard guard = new SinkGuard(vertx, Duration.ofSeconds(1), false);
    assertThat(guard.check("http://8.8.8.8/cb").failed()).isTrue();
    assertThat(guard.check("https://user:pw@8.8.8.8/cb").failed()).isTrue();
    assertThat(guard.check("not a url").failed()).isTrue();
    Throwable loopback = guard.check("https://127.0.0.1:8443/cb").transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause())).await();
    assertThat(loopback).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-public");
    Throwable mapped = guard.check("https://[::ffff:127.0.0.1]/cb").transform(ar -> io.vertx.core.Future.succeededFuture(ar.cause())).await();
    assertThat(mapped).isInstanceOf(IllegalArgumentException.class);
    guard.check("https://8.8.8.8/cb").await();
    SinkGuard.Target target = new SinkGuard(vertx, Duration.ofSeconds(1), true).target("https://127.0.0.1:8443/cb?x=1").await();
    assertThat(target.port()).isEqualTo(8443);
    assertThat(target.address().getHostAddress()).isEqualTo("127.0.0.1");
  }
}
