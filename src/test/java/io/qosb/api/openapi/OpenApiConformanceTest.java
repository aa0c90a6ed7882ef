package io.qosb.api.openapi;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Compares each project OpenAPI document with its official CAMARA counterpart (read from
 * {@code ../shared/reference}); every difference must be listed in the allow-list, and every entry
 * of the allow-list must still match a difference.
 */
class OpenApiConformanceTest {

  static final Path PROJECT_DIR = Path.of("src", "main", "resources", "openapi");
  static final Path REFERENCE_DIR = Path.of("..", "shared", "reference", "camara");
  static final Path ALLOWLIST = Path.of("src", "test", "resources", "openapi", "conformance-allowlist.yaml");

  /** Project document name -> official document (relative to the reference folder). */
  static final List<String[]> PAIRS = List.of(
      new String[] {"qos-booking-and-assignment.yaml", "qos-booking/API_definitions/qos-booking-and-assignment.yaml"},
      new String[] {"qos-booking.yaml", "qos-booking/API_definitions/qos-booking.yaml"},
      new String[] {"qos-profiles.yaml", "quality-on-demand/qos-profiles.yaml"},
      // the released v0.1 (r1.2, Commonalities 0.6), served beside v0.2 (issue 17)
      new String[] {"qos-booking-and-assignment-v0.1.yaml", "qos-booking/r1.2/qos-booking-and-assignment.yaml"},
      new String[] {"qos-booking-v0.1.yaml", "qos-booking/r1.2/qos-booking.yaml"});

  @BeforeAll
  static void referenceFolderPresent() {
    assumeTrue(Files.isDirectory(REFERENCE_DIR),
        "Official CAMARA specifications not found at " + REFERENCE_DIR.toAbsolutePath().normalize()
            + " - conformance comparison skipped (it needs the ../shared/reference folder next to the project)");
  }

  @Test
  void projectDocumentsDifferFromOfficialOnesOnlyAsAllowed() {
    List<Difference> differences = allDifferences();
    Allowlist allowlist = Allowlist.load(ALLOWLIST);

    List<Difference> unexpected = differences.stream().filter(d -> !allowlist.allows(d)).toList();
    List<Allowlist.Entry> stale = allowlist.unused(differences);

    List<String> problems = new ArrayList<>();
    unexpected.forEach(d -> problems.add("NOT ALLOWED: " + d));
    stale.forEach(e -> problems.add("STALE ALLOW-LIST ENTRY (matches no difference): " + e));
    if (!problems.isEmpty()) {
      fail(problems.size() + " conformance problem(s):\n" + problems.stream().collect(Collectors.joining("\n")));
    }
  }

  @Test
  void comparisonIsNotVacuous() {
    // every pair yields a substantial set of facts on both sides (paths, operations, schemas)
    for (String[] pair : PAIRS) {
      SpecLoader loader = officialLoader();
      assertThat(ContractFacts.of(loader, officialPath(pair[1])).get("/paths", "paths")).isNotEmpty();
      assertThat(ContractFacts.of(loader, PROJECT_DIR.resolve(pair[0])).get("/paths", "paths")).isNotEmpty();
    }
  }

  static List<Difference> allDifferences() {
    List<Difference> differences = new ArrayList<>();
    for (String[] pair : PAIRS) {
      SpecLoader loader = officialLoader();
      Facts official = ContractFacts.of(loader, officialPath(pair[1]));
      Facts project = ContractFacts.of(loader, PROJECT_DIR.resolve(pair[0]));
      differences.addAll(Facts.compare(pair[0], official, project));
    }
    return differences;
  }

  static Path officialPath(String relative) {
    return REFERENCE_DIR.resolve(relative);
  }

  /**
   * A loader for the official files. The QoS Profiles document refers to {@code ../common/*.yaml}
   * relative to its own folder, where the reference set has no copy: those refs read the common
   * files of the QoS Booking repository (same Commonalities release, 0.8.0).
   */
  static SpecLoader officialLoader() {
    SpecLoader loader = new SpecLoader();
    for (String common : List.of("CAMARA_common.yaml", "CAMARA_event_common.yaml")) {
      Path wanted = REFERENCE_DIR.resolve("common").resolve(common);
      if (!Files.exists(wanted)) {
        loader.substitute(wanted, REFERENCE_DIR.resolve("qos-booking/common").resolve(common));
      }
    }
    return loader;
  }
}
