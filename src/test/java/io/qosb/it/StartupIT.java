package io.qosb.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.ops.TokenCommand;
import io.qosb.testing.JarProcess;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies what the faster start-up of the packaged jar (issue 16, footprint) must keep: when
 * {@code /health/ready} first answers 200 the store is migrated and the APIs are served; the JVM
 * meters, bound after ready, do appear; the log keeps its format and {@code QOSB_LOG_LEVEL}.
 */
class StartupIT {

  private final HttpClient http = HttpClient.newHttpClient();

  /** Verifies that a booking can be created the moment the fresh embedded default reports ready. */
  @Test
  void testReadyMeansStoreMigratedAndApisServed(@TempDir Path dir) throws Exception {
    String token = mint();
    try (JarProcess p = JarProcess.start(dir, Map.of())) {
      JsonObject booking = new JsonObject().put("qosProfile", "QOS_L")
          .put("startTime", Instant.now().plusSeconds(3600).toString()).put("duration", 600).put("numDevices", 2)
          .put("serviceArea", new JsonObject().put("areaType", "CIRCLE")
              .put("center", new JsonObject().put("latitude", 41.39).put("longitude", 2.15)).put("radius", 500));
      HttpResponse<String> created = send(p, "POST", "/qos-booking-and-assignment/v0.2/qos-bookings", token, booking);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      HttpResponse<String> got = send(p, "GET", "/qos-booking-and-assignment/v0.2/qos-bookings/"
          + new JsonObject(created.body()).getString("bookingId"), token, null);
      assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
      HttpResponse<String> profiles = send(p, "GET", "/qos-profiles/v1/qos-profiles/QOS_L", token, null);
      assertThat(profiles.statusCode()).as(profiles.body()).isEqualTo(200);
      assertThat(Files.exists(dir.resolve("data").resolve("qosb.mv.db"))).as("the embedded default's store file").isTrue();
      assertThat(awaitMetrics(p)).contains("jvm_memory_used_bytes").contains("process_cpu_usage")
          .contains("vertx_http_server_requests_total");
      assertThat(Files.readString(p.log))
          .containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  io\\.qosb\\.store\\.Store - store open \\[dialect: H2");
    }
  }

  /**
   * Verifies that the first request after ready may carry a sink as long as v0.2 allows: vertx-json-schema's
   * {@code uri} format regex recurses once per character and overflows the stack (a 500) while not yet
   * JIT-compiled (issue 16, session 4); SchemaCheck now judges {@code uri} with {@code UriFormat}. The host cannot resolve
   * ({@code .invalid}), so the answer is the sink check's, after the schema validation passed.
   */
  @Test
  void testLongSinkRightAfterReadyPassesSchemaValidation(@TempDir Path dir) throws Exception {
    String token = mint();
    try (JarProcess p = JarProcess.start(dir, Map.of())) {
      String sink = "https://app.example.invalid/" + "a".repeat(2_048 - "https://app.example.invalid/".length());
      JsonObject booking = new JsonObject().put("qosProfile", "QOS_L").put("device",
              new JsonObject().put("phoneNumber", "+34600000901"))
          .put("startTime", Instant.now().plusSeconds(3600).toString()).put("duration", 600).put("sink", sink)
          .put("serviceArea", new JsonObject().put("areaType", "CIRCLE")
              .put("center", new JsonObject().put("latitude", 41.39).put("longitude", 2.15)).put("radius", 500));
      HttpResponse<String> refused = send(p, "POST", "/qos-booking/v0.2/device-qos-bookings", token, booking);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
      assertThat(new JsonObject(refused.body()).getString("code")).isEqualTo("INVALID_SINK");
    }
  }

  /** Verifies that QOSB_LOG_LEVEL=WARN leaves the start-up's INFO lines out and keeps its warnings. */
  @Test
  void testLogLevelFromEnvironment(@TempDir Path dir) throws Exception {
    try (JarProcess p = JarProcess.start(dir, Map.of("QOSB_LOG_LEVEL", "WARN"))) {
      String log = Files.readString(p.log);
      assertThat(log).contains("WARN  io.qosb.notify.Notifications").doesNotContain(" INFO ");
    }
  }

  /** The JVM meters are bound just after ready: wait for them a little. */
  private String awaitMetrics(JarProcess p) throws Exception {
    String body = "";
    for (int i = 0; i < 50 && !body.contains("jvm_memory_used_bytes"); i++) {
      body = http.send(HttpRequest.newBuilder(p.uri("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
      if (!body.contains("jvm_memory_used_bytes")) {
        Thread.sleep(100);
      }
    }
    return body;
  }

  private static String mint() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc = TokenCommand.run(new String[] {"--client", "it-client", "--scope", "all"}, Map.of(),
        new PrintStream(out), System.err);
    assertThat(rc).isZero();
    return out.toString().trim();
  }

  private HttpResponse<String> send(JarProcess p, String method, String path, String token, JsonObject body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(p.uri(path)).header("Authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      b.header("content-type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
