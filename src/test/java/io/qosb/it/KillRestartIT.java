package io.qosb.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.testing.JarProcess;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies durability of the packaged adapter: a booking answered 201 and its assignments survive a
 * {@code kill -9} of the process and a restart on the same H2 file store.
 */
class KillRestartIT {

  private final HttpClient http = HttpClient.newHttpClient();

  /** Verifies that a booking and its devices are intact after kill -9 and restart. */
  @Test
  void testBookingSurvivesKill9(@TempDir Path dir) throws Exception {
    Map<String, String> env = Map.of("QOSB_STORE_URL", "h2:file:" + dir.resolve("qosb").toAbsolutePath());
    String token = mint();
    String bookingId;
    JsonObject created;
    try (JarProcess first = JarProcess.start(dir, env)) {
      JsonObject body = new JsonObject().put("qosProfile", "QOS_L")
          .put("startTime", Instant.now().plusSeconds(7200).toString()).put("duration", 900).put("numDevices", 3)
          .put("serviceArea", new JsonObject().put("areaType", "CIRCLE")
              .put("center", new JsonObject().put("latitude", 51.5).put("longitude", -0.12)).put("radius", 300));
      HttpResponse<String> r = send(first, "POST", "/qos-booking-and-assignment/v0.2/qos-bookings", token, body);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      created = new JsonObject(r.body());
      bookingId = created.getString("bookingId");
      HttpResponse<String> assigned = send(first, "POST", "/qos-booking-and-assignment/v0.2/qos-bookings/" + bookingId
          + "/devices/assign", token, new JsonObject().put("devices", new io.vertx.core.json.JsonArray()
          .add(new JsonObject().put("phoneNumber", "+34600000001")).add(new JsonObject().put("phoneNumber", "+34600000002"))));
      assertThat(assigned.statusCode()).as(assigned.body()).isEqualTo(201);
      first.kill();
    }
    try (JarProcess second = JarProcess.start(dir, env)) {
      HttpResponse<String> got = send(second, "GET", "/qos-booking-and-assignment/v0.2/qos-bookings/" + bookingId, token, null);
      assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
      JsonObject after = new JsonObject(got.body());
      assertThat(after.getInteger("remainingDevices")).isEqualTo(1);
      assertThat(after.copy().put("remainingDevices", 3)).isEqualTo(created);
      HttpResponse<String> devices = send(second, "GET", "/qos-booking-and-assignment/v0.2/qos-bookings/" + bookingId
          + "/devices", token, null);
      assertThat(new JsonObject(devices.body()).getJsonArray("devices")).hasSize(2);
    }
  }

  private static String mint() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc = io.qosb.ops.TokenCommand.run(new String[] {"--client", "it-client", "--scope", "all"}, Map.of(),
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
