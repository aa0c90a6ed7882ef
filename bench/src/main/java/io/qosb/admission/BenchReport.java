package io.qosb.admission;

import io.qosb.admission.AdmissionBenchmark.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/** Figures of the admission benchmark as text and as bench/RESULTS.md. */
final class BenchReport {

  private BenchReport() {
  }

  static double percentile(double[] values, int p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  static String line(Row r) {
    return String.format("%,9d bookings: indexed median %.3f ms (p90 %.3f, n=%d) | naive scan median %.3f ms (p90 %.3f, n=%d) | naive/indexed %.0fx | refused %d",
        r.bookings(), r.indexedMedianMs(), r.indexedP90Ms(), r.indexedRuns(), r.naiveMedianMs(), r.naiveP90Ms(),
        r.naiveRuns(), r.ratio(), r.refused());
  }

  static String table(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append("| existing bookings | indexed median (ms) | indexed p90 (ms) | naive scan median (ms) | naive scan p90 (ms) | naive / indexed | decisions (indexed / naive) | refused |\n");
    sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      sb.append(String.format("| %,d | %.3f | %.3f | %.3f | %.3f | %.0f× | %d / %d | %d |%n", r.bookings(), r.indexedMedianMs(),
          r.indexedP90Ms(), r.naiveMedianMs(), r.naiveP90Ms(), r.ratio(), r.indexedRuns(), r.naiveRuns(), r.refused()));
    }
    if (rows.size() > 1) {
      Row first = rows.get(0);
      Row last = rows.get(rows.size() - 1);
      sb.append(String.format("%nIndexed median at %,d / at %,d bookings: **%.2f×** (target ≤ 3×). "
          + "Naive scan / indexed at %,d bookings: **%.0f×** (target ≥ 50×).%n", last.bookings(), first.bookings(),
          last.indexedMedianMs() / first.indexedMedianMs(), last.bookings(), last.ratio()));
    }
    return sb.toString();
  }

  static String markdown(List<Row> rows, String args) {
    return "# Benchmark results\n\n## Admission decision time (issue 9)\n\n"
        + "- Date: " + OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + "\n"
        + "- Machine: " + machine() + "\n"
        + "- Command: `mvn -B -q -Pbench test-compile exec:java" + (args.isBlank() ? "" : " -Dexec.args=\"" + args + "\"") + "`\n"
        + "- Store: H2 in memory (embedded default), one database for all sizes, loaded cumulatively\n\n"
        + table(rows) + "\nHow it is measured: bench/README.md.\n";
  }

  private static String machine() {
    String cpu = "unknown CPU";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
    } catch (IOException | RuntimeException e) {
      // not Linux: keep the generic name
    }
    return cpu + ", " + Runtime.getRuntime().availableProcessors() + " CPUs available, "
        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB max heap, Java " + System.getProperty("java.version")
        + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch");
  }
}
