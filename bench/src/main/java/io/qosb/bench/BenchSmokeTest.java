package io.qosb.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke mode of the benchmarks: tiny sizes, a few seconds, so that they keep working. No timing
 * thresholds here: targets are judged from bench/RESULTS.md, produced on demand.
 */
class BenchSmokeTest {

  /** Verifies the API throughput benchmark runs every phase and produces figures without errors. */
  @Test
  void testApiThroughputSmoke(@TempDir Path dir) throws Exception {
    ApiThroughputBenchmark.Report r = ApiThroughputBenchmark.run(Duration.ofMillis(800), 4, dir);
    assertThat(r.closed()).extracting(LoadGenerator.Result::operation)
        .containsExactly("bare route", "createBooking", "assignDevices", "getBookingById");
    assertThat(r.closed()).allSatisfy(x -> {
      assertThat(x.requests()).isPositive();
      assertThat(x.errors()).as(x.operation()).isZero();
    });
    assertThat(r.adapterAtHalf().errors()).isZero();
    assertThat(ApiThroughputBenchmark.markdown(r, Duration.ofMillis(800), 4)).contains("| ratio |");
  }

  /** Verifies the footprint benchmark stores bookings and reports memory and disk figures. */
  @Test
  void testFootprintSmoke(@TempDir Path dir) throws Exception {
    FootprintBenchmark.Report r = FootprintBenchmark.run(200, dir, false);
    assertThat(r.bookings()).isEqualTo(200);
    assertThat(r.heapAfter()).isPositive();
    assertThat(r.rssAfter()).isPositive();
    assertThat(r.diskBytes()).isPositive();
    assertThat(FootprintBenchmark.markdown(r)).contains("per booking");
  }

  /** Verifies the activation burst benchmark activates every device and measures both runs. */
  @Test
  void testActivationBurstSmoke(@TempDir Path dir) throws Exception {
    ActivationBurstBenchmark.Report r = ActivationBurstBenchmark.run(3, 4, Duration.ofSeconds(4), dir);
    assertThat(r.subscriptions()).isEqualTo(12);
    assertThat(r.lag().getTotalCount()).isEqualTo(12);
    assertThat(r.adapterFailures()).isZero();
    assertThat(r.directFailures()).isZero();
    assertThat(r.adapterSeconds()).isPositive();
    assertThat(r.directSeconds()).isPositive();
    assertThat(ActivationBurstBenchmark.markdown(r)).contains("adapter rate / direct rate");
  }
}
