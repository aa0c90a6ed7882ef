package io.qosb.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke mode of {@link BookNowBenchmark} (an integration test: it needs the packaged jar, which
 * {@code mvn verify} builds before failsafe runs): tiny phases at 2 connections, one setting. It checks
 * that the benchmark produces its figures and that every booking got its subscription, never how fast.
 */
class BookNowSmokeIT {

  /** Verifies that both APIs' phases book, every booking reaches the NEF, and CPU, lag and baseline are measured. */
  @Test
  void testBookNowSmoke(@TempDir Path dir) throws Exception {
    BookNowBenchmark.Report r = BookNowBenchmark.run(dir, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO,
        List.of(2), List.of(new BookNowBenchmark.Setting("NEF latency 0 ms, notifications off", Duration.ZERO, false)));
    BookNowBenchmark.Run run = r.runs().get(0);
    assertThat(run.phases()).extracting(BookNowBenchmark.Phase::api).containsExactly("QB", "QBA");
    assertThat(run.phases()).allSatisfy(p -> {
      assertThat(p.bookings()).as(p.api()).isPositive();
      assertThat(p.load().errors()).as(p.api()).isZero();
      assertThat(p.missing()).as("%s bookings without a subscription", p.api()).isZero();
      assertThat(p.lag().getTotalCount()).isEqualTo(p.bookings());
      assertThat(p.cpuMsPerBooking()).isPositive();
      assertThat(p.rssBytes()).isPositive();
    });
    assertThat(run.baseline().subscriptions()).isPositive();
    assertThat(run.baseline().failures()).isZero();
    assertThat(BookNowBenchmark.markdown(r)).contains("adapter CPU ms/booking");
  }
}
