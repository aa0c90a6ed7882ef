package io.qosb.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the Dockerfile by reading it, since no container engine runs the tests: base image, non-root
 * user, what it copies, the JVM flags and the port, and that the chart's defaults match them.
 */
class DockerfileTest {

  private static List<String> instructions;

  @BeforeAll
  static void read() throws Exception {
    instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : Files.readAllLines(Path.of("Dockerfile"))) {
      String trimmed = line.trim();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      current.append(trimmed.endsWith("\\") ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
      if (!trimmed.endsWith("\\")) {
        instructions.add(current.toString().trim());
        current.setLength(0);
      }
    }
  }

  private static List<String> all(String keyword) {
    return instructions.stream().filter(i -> i.startsWith(keyword + " ")).map(i -> i.substring(keyword.length() + 1))
        .toList();
  }

  private static Optional<String> last(String keyword) {
    List<String> found = all(keyword);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
  }

  /** Verifies that the image runs a Java 17 JRE. */
  @Test
  void testBaseImageIsJre17() {
    assertThat(all("FROM")).containsExactly("eclipse-temurin:17-jre");
  }

  /** Verifies that the image switches to the non-root uid the chart's securityContext expects, after every RUN. */
  @Test
  void testImageRunsAsNonRootUser() {
    assertThat(all("USER")).containsExactly("10001:10001");
    int user = instructions.indexOf("USER 10001:10001");
    assertThat(instructions.subList(user, instructions.size())).noneMatch(i -> i.startsWith("RUN "));
    JsonNode podContext = Chart.read(Chart.DIR.resolve("values.yaml")).get("podSecurityContext");
    assertThat(podContext.path("runAsUser").asInt()).isEqualTo(10001);
    assertThat(podContext.path("runAsGroup").asInt()).isEqualTo(10001);
  }

  /** Verifies that the jar and the default configuration are copied, and the data dir is created for the user. */
  @Test
  void testImageHoldsJarConfigAndWritableDataDir() {
    assertThat(all("COPY")).contains("target/qos-booking-adapter.jar /app/qos-booking-adapter.jar",
        "config/application.yaml /app/config/application.yaml");
    assertThat(all("COPY")).noneMatch(c -> c.contains("config/dev"));
    assertThat(last("WORKDIR")).hasValue("/app");
    assertThat(String.join("\n", all("RUN"))).contains("mkdir -p /app/config /app/data")
        .contains("chown 10001:10001 /app/data");
    String dataDir = Chart.read(Chart.DIR.resolve("values.yaml")).get("dataDir").asText();
    assertThat(dataDir).isEqualTo("/app/data");
  }

  /** Verifies that the JVM is sized by the container memory and exits on OutOfMemoryError. */
  @Test
  void testEntrypointRunsJarWithContainerJvmFlags() {
    String entrypoint = last("ENTRYPOINT").orElseThrow(() -> new AssertionError("no ENTRYPOINT"));
    assertThat(entrypoint).startsWith("[").contains("\"-XX:MaxRAMPercentage=75\"")
        .contains("\"-XX:+ExitOnOutOfMemoryError\"").endsWith("\"-jar\", \"/app/qos-booking-adapter.jar\"]");
    assertThat(last("CMD")).hasValue("[\"serve\"]");
  }

  /** Verifies that the image exposes the port the chart names http. */
  @Test
  void testImageExposesHttpPort() {
    assertThat(all("EXPOSE")).containsExactly("8080");
  }

  /** Verifies that the build context holds only what the Dockerfile copies. */
  @Test
  void testDockerignoreKeepsOnlyCopiedFiles() throws Exception {
    List<String> lines = Files.readAllLines(Path.of(".dockerignore")).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    assertThat(lines).containsExactly("*", "!target/qos-booking-adapter.jar", "!config/application.yaml");
  }
}
