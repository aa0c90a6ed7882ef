package io.qosb.notify;

import static io.qosb.notify.NotifyFixture.accessToken;
import static io.qosb.notify.NotifyFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.qosb.booking.Booking;
import io.qosb.store.TestDatabases;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Verifies delivery to a sink named by a host whose DNS does not answer (issue 15, item 2): each
 * attempt fails within {@code sinks.dnsTimeout} with a WARN line naming the event and the host and is
 * retried; once the name resolves (through {@code sinks.dnsServers}), the event is delivered to the
 * address resolved.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NotificationDnsTest {

  Vertx vertx;
  TestSink sink;
  FakeDns dns;
  NotifyFixture fx;
  final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeAll
  void start() throws Exception {
    vertx = Vertx.vertx();
    sink = new TestSink(vertx).start().await();
    dns = FakeDns.answering();
    NotifyConfig config = NotifyFixture.config().withDns(List.of(dns.address()), Duration.ofMillis(300));
    fx = NotifyFixture.open(vertx, TestDatabases.newH2Url(), null, config, java.time.Clock.systemUTC(), true).await();
    log.start();
    ((Logger) LoggerFactory.getLogger(DeliveryWorker.class)).addAppender(log);
  }

  @AfterAll
  void stop() {
    ((Logger) LoggerFactory.getLogger(DeliveryWorker.class)).detachAppender(log);
    fx.close().await();
    dns.close();
    sink.close().await();
    vertx.close().await();
  }

  /** Verifies that a sink host not resolved in time fails and retries the delivery, logged, until it resolves. */
  @Test
  void testDeliveryToStalledSinkHostIsRetriedAndLogged() throws Exception {
    dns.ignore("stalled.sink.test");
    String url = "https://stalled.sink.test:" + URI.create(sink.url("/")).getPort() + "/dns";
    double retriesBefore = fx.meter("qosb_events_deliveries_total", "outcome", "retry");
    Booking b = fx.createQb(url, accessToken("t", Instant.now().plus(Duration.ofHours(2)))).await();
    eventually(Duration.ofSeconds(5), () -> fx.meter("qosb_events_deliveries_total", "outcome", "retry") - retriesBefore >= 2);
    assertThat(fx.outboxStates(b.id()).await()).containsExactly("PENDING");
    assertThat(sink.at("/dns")).isEmpty();
    assertThat(log.list.stream().map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.startsWith("sink host not resolved, delivery attempt failed") && m.contains(b.id().toString())))
        .isNotEmpty().allMatch(m -> m.contains("host: stalled.sink.test")
            && m.contains("reason: the host could not be resolved in time."));

    dns.answer("stalled.sink.test", "127.0.0.1");
    eventually(Duration.ofSeconds(5), () -> fx.outboxStates(b.id()).await().equals(List.of("DELIVERED")));
    assertThat(sink.at("/dns")).hasSize(1);
    assertThat(dns.asked).contains("stalled.sink.test");
  }
}
