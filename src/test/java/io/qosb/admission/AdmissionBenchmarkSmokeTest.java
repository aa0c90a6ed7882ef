package io.qosb.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the admission benchmark (bench/) working: runs it with tiny sizes and checks that it produces
 * figures for every size and writes its report. No timing thresholds: those are for a real run.
 */
class AdmissionBenchmarkSmokeTest {

  /** Verifies that a smoke run measures both decisions at each size (they agree, or it throws) and reports. */
  @Test
  void testSmokeRunProducesFigures(@TempDir Path dir) throws Exception {
    List<AdmissionBenchmark.Row> rows = AdmissionBenchmark.run(new int[] {50, 200}, true);

    assertThat(rows).extracting(AdmissionBenchmark.Row::bookings).containsExactly(50, 200);
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.indexedRuns()).isPositive();
      assertThat(r.naiveRuns()).isPositive();
      assertThat(r.indexedMedianMs()).isPositive();
      assertThat(r.naiveMedianMs()).isPositive();
    });
    Path out = dir.resolve("results.md");
    AdmissionBenchmark.main(new String[] {"--smoke", "--sizes", "30", "--out", out.toString()});
    assertThat(Files.readString(out)).contains("## Admission decision time").contains("| 30 |").contains("Machine:");
  }
}
