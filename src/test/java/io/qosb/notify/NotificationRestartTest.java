package io.qosb.notify;

import static io.qosb.notify.NotifyFixture.accessToken;
import static io.qosb.notify.NotifyFixture.eventually;
import static io.qosb.notify.NotifyFixture.quietFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.booking.Booking;
import io.qosb.store.SecretCipher;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Verifies that events survive a restart of the adapter and a replica that dies holding a lease. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NotificationRestartTest {

  @TempDir
  Path dir;
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

  private String url() {
    return "h2:file:" + dir.resolve("qosb").toAbsolutePath();
  }

  /** Verifies that an event written before a restart (never sent) is delivered once after it. */
  @Test
  void testEventWrittenBeforeRestartIsDeliveredOnceAfter() {
    NotifyFixture first = NotifyFixture.open(vertx, url(), null, NotifyFixture.config(), Clock.systemUTC(), false).await();
    Booking b = first.createQb(sink.url("/restart"), accessToken("r", Instant.now().plusSeconds(3600))).await();
    first.close().await();
    assertThat(sink.received).isEmpty();

    NotifyFixture second = NotifyFixture.open(vertx, url(), null, NotifyFixture.config(), Clock.systemUTC(), true).await();
    try {
      eventually(Duration.ofSeconds(5), () -> second.outboxStates(b.id()).await().equals(List.of("DELIVERED")));
      quietFor(vertx, Duration.ofMillis(300)).await();
      assertThat(sink.at("/restart")).hasSize(1);
      assertThat(sink.at("/restart").get(0).json().getJsonObject("data").getString("bookingId")).isEqualTo(b.id().toString());
    } finally {
      second.close().await();
    }
  }

  /**
   * Verifies that an event leased by a replica that died before sending is sent once by another
   * replica after the lease expired, and not before.
   */
  @Test
  void testEventLeasedByADeadReplicaIsDeliveredAfterTheLease() {
    NotifyConfig config = NotifyFixture.config().withTimings(Duration.ofMillis(50), Duration.ofMillis(1600),
        Duration.ofMillis(500), Duration.ofHours(24), Duration.ofMillis(20), Duration.ofMillis(100));
    NotifyFixture first = NotifyFixture.open(vertx, url(), null, config, Clock.systemUTC(), false).await();
    Booking b = first.createQb(sink.url("/lease"), accessToken("r", Instant.now().plusSeconds(3600))).await();
    OutboxStore dead = new OutboxStore(first.store.pool(), first.store.dialect(), SecretCipher.PLAINTEXT);
    Instant leasedAt = Instant.now();
    assertThat(dead.claim("dead-replica", leasedAt, config.lease(), 10).await()).hasSize(1);
    first.close().await();

    NotifyFixture second = NotifyFixture.open(vertx, url(), null, config, Clock.systemUTC(), true).await();
    try {
      eventually(Duration.ofSeconds(5), () -> sink.at("/lease").size() == 1);
      assertThat(Duration.between(leasedAt, Instant.now())).isGreaterThanOrEqualTo(config.lease());
      eventually(Duration.ofSeconds(2), () -> second.outboxStates(b.id()).await().equals(List.of("DELIVERED")));
      quietFor(vertx, Duration.ofMillis(200)).await();
      assertThat(sink.at("/lease")).hasSize(1);
    } finally {
      second.close().await();
    }
  }
}
