package io.qosb.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
  void testCheckRefusesWhatIsNotAPublicHttpsUrl() throws Exception {
    try (FakeDns dns = FakeDns.silent()) {
      SinkGuard guard = guard(dns, false);
      assertThat(guard.check("http://8.8.8.8/cb").failed()).isTrue();
      assertThat(guard.check("https://user:pw@8.8.8.8/cb").failed()).isTrue();
      assertThat(guard.check("not a url").failed()).isTrue();
      assertThat(failure(guard, "https://127.0.0.1:8443/cb")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("non-public");
      assertThat(failure(guard, "https://[::ffff:127.0.0.1]/cb")).isInstanceOf(IllegalArgumentException.class);
      guard.check("https://8.8.8.8/cb").await();
      SinkGuard.Target target = guard(dns, true).target("https://127.0.0.1:8443/cb?x=1").await();
      assertThat(target.port()).isEqualTo(8443);
      assertThat(target.address().getHostAddress()).isEqualTo("127.0.0.1");
      assertThat(dns.asked).as("IP literals are not looked up").isEmpty();
    }
  }

  /**
   * Verifies that a name is resolved by the configured server, that every address answered must be
   * public, and that the connection is pinned to the first IPv4 address (IPv6 when there is none).
   */
  @Test
  void testTargetResolvesThroughConfiguredServerAndPinsTheCheckedAddress() throws Exception {
    try (FakeDns dns = FakeDns.answering()) {
      dns.answer("sink.example", "8.8.4.4", "2606:4700:4700::1111").answer("mixed.example", "8.8.8.8", "10.0.0.7")
          .answer("v6.example", "2606:4700:4700::1001").answer("inner.example", "fd00::7");
      SinkGuard guard = guard(dns, false);
      SinkGuard.Target target = guard.target("https://SINK.example/cb").await();
      assertThat(target.address().getHostAddress()).isEqualTo("8.8.4.4");
      assertThat(target.host()).isEqualTo("sink.example");
      assertThat(target.port()).isEqualTo(443);
      assertThat(guard.target("https://v6.example:8443/cb").await().address().getHostAddress())
          .isEqualTo("2606:4700:4700:0:0:0:0:1001");
      assertThat(failure(guard, "https://mixed.example/cb")).hasMessageContaining("non-public");
      assertThat(failure(guard, "https://inner.example/cb")).hasMessageContaining("non-public");
      assertThat(failure(guard, "https://unknown.example/cb")).isInstanceOf(SinkGuard.Unresolved.class)
          .hasMessage("the host cannot be resolved.");
      assertThat(dns.asked).contains("sink.example", "unknown.example");
    }
  }

  /**
   * Verifies that lookups a server never answers fail within sinks.dnsTimeout as "not resolved in
   * time" and, meanwhile, hold no thread of the shared worker pool (30 pending lookups, 20 workers).
   */
  @Test
  void testStalledLookupsFailInTimeAndLeaveTheWorkerPoolFree() throws Exception {
    try (FakeDns dns = FakeDns.silent()) {
      SinkGuard guard = new SinkGuard(vertx, List.of(dns.address()), Duration.ofMillis(800), false);
      long started = System.nanoTime();
      List<Future<Void>> checks = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        checks.add(guard.check("https://stalled-" + i + ".example/cb"));
      }
      long worker = System.nanoTime();
      assertThat(vertx.executeBlocking(() -> "free", false).await()).isEqualTo("free");
      assertThat(Duration.ofNanos(System.nanoTime() - worker)).isLessThan(Duration.ofMillis(500));
      for (Future<Void> check : checks) {
        Throwable cause = check.transform(ar -> Future.succeededFuture(ar.cause())).await();
        assertThat(cause).isInstanceOf(SinkGuard.Unresolved.class).hasMessage("the host could not be resolved in time.");
      }
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
      assertThat(dns.asked).contains("stalled-0.example");
      guard.close().await();
    }
  }

  /** Verifies that a silent first server leaves time for the next one within the bound. */
  @Test
  void testSilentFirstServerFallsBackToTheNext() throws Exception {
    try (FakeDns silent = FakeDns.silent(); FakeDns answering = FakeDns.answering()) {
      answering.answer("sink.example", "8.8.4.4");
      SinkGuard guard = new SinkGuard(vertx, List.of(silent.address(), answering.address()), Duration.ofSeconds(2),
          false);
      assertThat(guard.target("https://sink.example/cb").await().address().getHostAddress()).isEqualTo("8.8.4.4");
      assertThat(silent.asked).contains("sink.example");
    }
  }

  /** Verifies that names of the hosts file resolve without a query (and loopback stays refused). */
  @Test
  void testHostsFileNameResolvesWithoutQuery() throws Exception {
    try (FakeDns dns = FakeDns.silent()) {
      assertThat(failure(guard(dns, false), "https://localhost:8443/cb")).hasMessageContaining("non-public");
      assertThat(guard(dns, true).target("https://localhost:8443/cb").await().address().isLoopbackAddress()).isTrue();
      assertThat(dns.asked).isEmpty();
    }
  }

  private SinkGuard guard(FakeDns dns, boolean allowPrivate) {
    return new SinkGuard(vertx, List.of(dns.address()), Duration.ofSeconds(1), allowPrivate);
  }

  private static Throwable failure(SinkGuard guard, String url) {
    return guard.target(url).transform(ar -> Future.succeededFuture(ar.cause())).await();
  }
}
