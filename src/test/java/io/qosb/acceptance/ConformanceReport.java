package io.qosb.acceptance;

import io.cucumber.plugin.ConcurrentEventListener;
import io.cucumber.plugin.event.EventPublisher;
import io.cucumber.plugin.event.Status;
import io.cucumber.plugin.event.TestCase;
import io.cucumber.plugin.event.TestCaseFinished;
import io.cucumber.plugin.event.TestRunFinished;
import io.cucumber.plugin.event.TestRunStarted;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Cucumber plugin: counts the results per feature file, writes
 * {@code target/camara-conformance/summary.md}, prints it when the run finishes, and fails the run
 * when any scenario that is not listed in {@code exclusions.txt} was undefined, pending, skipped or
 * ambiguous (failed scenarios fail the build by themselves).
 */
public final class ConformanceReport implements ConcurrentEventListener {

  static final Path OUT = Path.of("target/camara-conformance");

  /** Counts of one feature file. */
  private static final class Counts {
    int passed;
    int failed;
    int undefined;
    int skipped;
    int pending;
    int ambiguous;
    int excluded;

    int total() {
      return passed + failed + undefined + skipped + pending + ambiguous + excluded;
    }

    void add(Counts o) {
      passed += o.passed;
      failed += o.failed;
      undefined += o.undefined;
      skipped += o.skipped;
      pending += o.pending;
      ambiguous += o.ambiguous;
      excluded += o.excluded;
    }
  }

  private final Map<String, Counts> byFeature = new TreeMap<>();
  private final List<String> problems = new ArrayList<>();
  private final List<String> excludedRun = new ArrayList<>();
  private Instant started;

  @Override
  public void setEventPublisher(EventPublisher publisher) {
    publisher.registerHandlerFor(TestRunStarted.class, e -> started = e.getInstant());
    publisher.registerHandlerFor(TestCaseFinished.class, this::finished);
    publisher.registerHandlerFor(TestRunFinished.class, this::runFinished);
  }

  private synchronized void finished(TestCaseFinished e) {
    TestCase tc = e.getTestCase();
    // the r1.2 files have the names of wip ones: told apart by their release folder
    String feature = (tc.getUri().getPath().contains("/releases/qos-booking-r1.2/") ? "r1.2/" : "") + Path.of(tc.getUri()).getFileName().toString();
    Counts c = byFeature.computeIfAbsent(feature, f -> new Counts());
    Optional<Exclusions.Entry> exclusion = Exclusions.match(tc.getTags(), tc.getUri(), tc.getLocation().getLine());
    String name = feature + ":" + tc.getLocation().getLine() + " " + tc.getName();
    if (exclusion.isPresent() && e.getResult().getStatus() != Status.PASSED) {
      c.excluded++;
      excludedRun.add(exclusion.get().label());
      return;
    }
    Status s = e.getResult().getStatus();
    switch (s) {
      case PASSED -> c.passed++;
      case FAILED -> {
        c.failed++;
        problems.add("FAILED    " + name);
      }
      case UNDEFINED -> {
        c.undefined++;
        problems.add("UNDEFINED " + name);
      }
      case PENDING -> {
        c.pending++;
        problems.add("PENDING   " + name);
      }
      case AMBIGUOUS -> {
        c.ambiguous++;
        problems.add("AMBIGUOUS " + name);
      }
      default -> {
        c.skipped++;
        problems.add("SKIPPED   " + name);
      }
    }
  }

  private synchronized void runFinished(TestRunFinished e) {
    Counts total = new Counts();
    byFeature.values().forEach(total::add);
    StringBuilder md = new StringBuilder();
    md.append("# CAMARA conformance\n\n");
    md.append("Official feature files: `").append(OfficialSpecs.REFERENCE.toAbsolutePath().normalize())
        .append("` and `").append(OfficialSpecs.RELEASE_FEATURES.toAbsolutePath().normalize())
        .append("` (r1.2, v0.1; unchanged). Run: ").append(started).append(" .. ").append(e.getInstant()).append("\n\n");
    md.append("| feature file | scenarios | passed | failed | undefined | skipped/pending | excluded |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|\n");
    byFeature.forEach((f, c) -> row(md, f, c));
    row(md, "**total**", total);
    md.append("\n## Exclusions (").append(Exclusions.all().size()).append(", from `").append(Exclusions.FILE)
        .append("`)\n\n");
    for (Exclusions.Entry x : Exclusions.all()) {
      md.append("- `").append(x.label()).append("`: ").append(x.reason()).append('\n');
    }
    if (!problems.isEmpty()) {
      md.append("\n## Not passed\n\n");
      problems.forEach(p -> md.append("- ").append(p).append('\n'));
    }
    try {
      Files.createDirectories(OUT);
      Files.writeString(OUT.resolve("summary.md"), md.toString());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    System.out.println();
    System.out.println(md);
    World.shutdown();
    int incomplete = total.undefined + total.skipped + total.pending + total.ambiguous;
    if (incomplete > 0) {
      throw new IllegalStateException("CAMARA conformance: " + incomplete
          + " scenario(s) undefined, skipped, pending or ambiguous and not excluded - see " + OUT.resolve("summary.md"));
    }
  }

  private static void row(StringBuilder md, String name, Counts c) {
    md.append("| ").append(name).append(" | ").append(c.total()).append(" | ").append(c.passed).append(" | ")
        .append(c.failed).append(" | ").append(c.undefined).append(" | ").append(c.skipped + c.pending + c.ambiguous)
        .append(" | ").append(c.excluded).append(" |\n");
  }
}
