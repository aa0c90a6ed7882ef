package io.qosb.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.testing.JarProcess;
import io.qosb.testing.OidcProvider;
import io.qosb.testing.TestKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, done-when: the packaged adapter started as an operator would, with only
 * {@code QOSB_NEF_MODE=remote}, {@code QOSB_NEF_URL}, {@code QOSB_NEF_NOTIFICATION_URL},
 * {@code QOSB_AUTH_JWKS} (the JWKS URL of an OpenID Connect provider, mock-oauth2-server in this JVM)
 * and its own keys ({@code QOSB_NOTIFY_SIGNING_KEY}, {@code QOSB_NOTIFY_CREDENTIAL_KEY}), in front of the
 * simulated NEF run standalone ({@code nef-sim}, another process, no subscriber list, sessions that do
 * not end by themselves within the test) books, assigns, activates and tears down devices that are in
 * no list, with tokens of that provider. The same start with the published credential key fails with
 * one line.
 */
@Timeout(240)
class RemoteDeploymentIT {

  static final String SCOPES = "qos-booking-and-assignment:qos-bookings:create qos-booking-and-assignment:qos-bookings:read "
      + "qos-booking-and-assignment:qos-bookings:devices:create qos-booking:device-qos-bookings:create "
      + "qos-booking:device-qos-bookings:read";
  static final String QBA = "/qos-booking-and-assignment/v0.2/qos-bookings";
  static final String QB = "/qos-booking/v0.2/device-qos-bookings";

  private final HttpClient http = HttpClient.newHttpClient();

  /** Verifies booking, assignment, activation on the NEF and teardown of devices in no list. */
  @Test
  void testRemoteDeploymentBooksActivatesAndTearsDownUnlistedDevices(@TempDir Path dir) throws Exception {
    Path scenario = dir.resolve("scenario.json");
    Files.writeString(scenario, new JsonObject().put("name", "remote-it").put("timeScale", 10).encode());
    int nefPort = JarProcess.freePort();
    Process nef = startNefSim(dir, nefPort, scenario);
    try (OidcProvider idp = OidcProvider.start(0, "idp-1")) {
      String nefUrl = "http://127.0.0.1:" + nefPort + "/3gpp-as-session-with-qos/v1";
      Map<String, String> env = operatorEnv(dir, nefUrl, idp.jwksUrl());
      String token = idp.token("broadcaster", SCOPES);
      try (JarProcess adapter = JarProcess.start(dir, env)) {
        assertThat(Files.readString(adapter.log)).contains("device directory in force [directory: open, "
            + "reason: nef.mode=remote without devices.subscribers");
        Instant start = Instant.now().plusSeconds(4);
        JsonObject area = new JsonObject().put("areaType", "CIRCLE")
            .put("center", new JsonObject().put("latitude", 50.73).put("longitude", 7.10)).put("radius", 400);
        HttpResponse<String> created = send(adapter, "POST", QBA, token, new JsonObject().put("qosProfile", "QOS_L")
            .put("startTime", start.toString()).put("duration", 6).put("numDevices", 2).put("serviceArea", area));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = new JsonObject(created.body()).getString("bookingId");
        HttpResponse<String> assigned = send(adapter, "POST", QBA + "/" + id + "/devices/assign", token,
            new JsonObject().put("devices", new JsonArray().add(new JsonObject().put("phoneNumber", "+34699000001"))
                .add(new JsonObject().put("ipv4Address", new JsonObject().put("publicAddress", "203.0.113.77")
                    .put("publicPort", 6000)))));
        assertThat(assigned.statusCode()).as(assigned.body()).isEqualTo(201);
        assertThat(new JsonObject(assigned.body()).getString("status")).isEqualTo("SUCCESSFUL");
        HttpResponse<String> qb = send(adapter, "POST", QB, token, new JsonObject().put("qosProfile", "QOS_E")
            .put("startTime", start.toString()).put("duration", 6).put("serviceArea", area)
            .put("device", new JsonObject().put("phoneNumber", "+34699000002")));
        assertThat(qb.statusCode()).as(qb.body()).isEqualTo(201);
        String qbId = new JsonObject(qb.body()).getString("bookingId");

        poll(() -> get(adapter, QBA + "/" + id, token), b -> "BOOKING_ACTIVATED".equals(b.getString("statusInfo")));
        poll(() -> get(adapter, QB + "/" + qbId, token), b -> "ACTIVATED".equals(b.getString("bookingStatus")));
        JsonArray active = poll(() -> nefSubscriptions(nefUrl), list -> list.size() == 3);
        assertThat(active.stream().map(JsonObject.class::cast)
            .map(s -> s.getString("gpsi", s.getString("ueIpv4Addr"))).toList())
            .containsExactlyInAnyOrder("msisdn-34699000001", "203.0.113.77", "msisdn-34699000002");

        poll(() -> get(adapter, QBA + "/" + id, token), b -> "BOOKING_EXPIRED".equals(b.getString("statusInfo")));
        poll(() -> get(adapter, QB + "/" + qbId, token), b -> "DURATION_EXPIRED".equals(b.getString("statusInfo")));
        poll(() -> nefSubscriptions(nefUrl), JsonArray::isEmpty);
      }

      // the same start with the published credential key of config/application.yaml
      Map<String, String> published = new HashMap<>(operatorEnv(dir, nefUrl, idp.jwksUrl()));
      published.remove("QOSB_NOTIFY_CREDENTIAL_KEY");
      List<String> failed = runToExit(dir, published);
      assertThat(failed).filteredOn(l -> l.startsWith("startup failed:")).singleElement().asString()
          .startsWith("startup failed: notify.credentialKey: holds the development default of config/application.yaml")
          .contains("QOSB_NOTIFY_CREDENTIAL_KEY");
    } finally {
      nef.destroy();
      nef.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** The settings an operator gives: NEF, callback URL, identity provider, own keys; nothing else. */
  private static Map<String, String> operatorEnv(Path dir, String nefUrl, String jwksUrl) throws Exception {
    int port = JarProcess.freePort();
    Path signing = dir.resolve("signing-key.json");
    if (!Files.exists(signing)) {
      Files.writeString(signing, new JsonObject().put("keys", new JsonArray().add(new TestKeys().rsa)).encode());
    }
    byte[] credentialKey = new byte[32];
    new SecureRandom().nextBytes(credentialKey);
    return Map.of("QOSB_HTTP_PORT", Integer.toString(port), "QOSB_NEF_MODE", "remote", "QOSB_NEF_URL", nefUrl,
        "QOSB_NEF_NOTIFICATION_URL", "http://127.0.0.1:" + port + "/nef-callbacks/v1/notifications",
        "QOSB_AUTH_JWKS", jwksUrl, "QOSB_NOTIFY_SIGNING_KEY", signing.toString(),
        "QOSB_NOTIFY_CREDENTIAL_KEY", Base64.getEncoder().encodeToString(credentialKey));
  }

  private static Process startNefSim(Path dir, int port, Path scenario) throws Exception {
    Path log = dir.resolve("nef-sim.log");
    Process p = new ProcessBuilder(java(), "-jar", JarProcess.JAR.toAbsolutePath().toString(), "nef-sim",
        "--port", Integer.toString(port), "--scenario", scenario.toString())
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.readString(log).contains("nef-sim listening on")) {
        return p;
      }
      if (!p.isAlive()) {
        break;
      }
      Thread.sleep(200);
    }
    p.destroyForcibly();
    throw new IllegalStateException("nef-sim did not start: " + Files.readString(log));
  }

  private static List<String> runToExit(Path dir, Map<String, String> env) throws Exception {
    Path log = Files.createTempFile(dir, "refused-", ".log");
    ProcessBuilder pb = new ProcessBuilder(java(), "-jar", JarProcess.JAR.toAbsolutePath().toString())
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("adapter exits").isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    return Files.readAllLines(log);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private JsonArray nefSubscriptions(String nefUrl) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(nefUrl + "/qos-booking-adapter/subscriptions"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return new JsonArray(r.body());
  }

  private JsonObject get(JarProcess p, String path, String token) throws IOException, InterruptedException {
    HttpResponse<String> r = send(p, "GET", path, token, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  private HttpResponse<String> send(JarProcess p, String method, String path, String token, JsonObject body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(p.uri(path)).header("Authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      b.header("content-type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** What a poll reads. */
  @FunctionalInterface
  interface Read<T> {
    T read() throws Exception;
  }

  private static <T> T poll(Read<T> read, Predicate<T> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    T last = read.read();
    while (!done.test(last) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      last = read.read();
    }
    assertThat(done.test(last)).as("reached in time, last: " + last).isTrue();
    return last;
  }
}
