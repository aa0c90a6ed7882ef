package io.qosb.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.testing.Adapter;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the operator page {@code /ops/capacity} in headless Chromium ({@code /usr/bin/chromium},
 * installed by {@code .ci/run}) and checks that it drew the zone's chart from the JSON endpoint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CapacityPageTest {

  static final String CHROMIUM = "/usr/bin/chromium";
  static final String ZONES = """
      [{"name": "harbour", "limits": {"QOS_L": 10},
        "area": {"areaType": "CIRCLE", "center": {"latitude": 41.37, "longitude": 2.18}, "radius": 3000}}]
      """;

  @TempDir
  static Path dir;
  Adapter adapter;

  @BeforeAll
  void start() throws Exception {
    adapter = Adapter.start(dir, Map.of("QOSB_CAPACITY_ZONES", ZONES));
  }

  @AfterAll
  void stop() {
    adapter.close();
  }

  /** Verifies that the page draws an SVG chart with a bar of the booked devices and the limit line. */
  @Test
  void testPageDrawsChartOfZone() throws Exception {
    Instant start = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    JsonObject booking = new JsonObject().put("qosProfile", "QOS_L").put("startTime", start.toString())
        .put("duration", 3600).put("numDevices", 7).put("serviceArea", new JsonObject().put("areaType", "CIRCLE")
            .put("radius", 500).put("center", new JsonObject().put("latitude", 41.37).put("longitude", 2.18)));
    assertThat(adapter.client.post("/qos-booking-and-assignment/v0.2/qos-bookings")
        .putHeader("Authorization", adapter.bearer("app-1", "qos-booking-and-assignment:qos-bookings:create"))
        .sendJson(booking).await().statusCode()).isEqualTo(201);
    String token = adapter.keys.token(adapter.vertx, "ops", CapacityRoutes.SCOPE);
    String url = "http://127.0.0.1:" + adapter.verticle.actualPort() + "/ops/capacity#token=" + token
        + "&zone=harbour&profile=QOS_L&from=" + start.minus(1, ChronoUnit.HOURS) + "&to=" + start.plus(2, ChronoUnit.HOURS);

    String dom = dumpDom(url);

    assertThat(dom).contains("data-loaded=\"1\"").contains("<svg").contains("data-zone=\"harbour\"")
        .contains("class=\"limit\"").containsPattern("<rect[^>]*class=\"bar\"[^>]*data-devices=\"7\"");
  }

  /** Runs headless Chromium on the URL and returns the DOM after the page's scripts ran. */
  static String dumpDom(String url) throws IOException, InterruptedException {
    assertThat(Path.of(CHROMIUM)).as("Chromium is needed: apt-get install -y chromium (see .ci/run)").exists();
    Path profile = Files.createTempDirectory("chromium-profile");
    Path out = Files.createTempFile("dom", ".html");
    Process p = new ProcessBuilder(List.of(CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--dump-dom", url))
        .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
      return Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      p.destroyForcibly();
      Files.deleteIfExists(out);
    }
  }
}
