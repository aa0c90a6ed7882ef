package io.qosb.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.testing.JarProcess;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 2: sinks on hosts whose DNS never answers must not stall other consumers. The
 * packaged adapter runs with a system resolver that never answers for a name (its hosts file,
 * {@code -Djdk.net.hosts.file}, is a FIFO that nobody writes: every {@code InetAddress.getAllByName}
 * of a name blocks its thread for ever, IP literals still work) and with {@code sinks.dnsServers} on a
 * loopback UDP socket of this test that never answers. An attacker creates bookings with sinks on
 * unresolvable names and does not wait; another consumer's requests that need Vert.x's worker pool
 * (token verification, H2 writes and reads) must still answer in time, and the attacker gets 400
 * INVALID_SINK in bounded time. Before the fix each lookup held a worker thread for ever and the
 * victim's requests never answered.
 */
@Timeout(120)
class SinkDnsStallIT {

  static final String QBA = "/qos-booking-and-assignment/v0.2/qos-bookings";
  /** More than the 20 threads of Vert.x's worker pool. */
  static final int ATTACKS = 25;
  static final Duration VICTIM_BOUND = Duration.ofSeconds(3);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private DatagramSocket silentDns;
  private final AtomicInteger dnsQueries = new AtomicInteger();
  private JarProcess adapter;

  @BeforeEach
  void startSilentDns() throws Exception {
    silentDns = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread reader = new Thread(() -> {
      byte[] buffer = new byte[1500];
      while (!silentDns.isClosed()) {
        try {
          silentDns.receive(new DatagramPacket(buffer, buffer.length));
          dnsQueries.incrementAndGet();
        } catch (java.io.IOException closed) {
          return;
        }
      }
    }, "silent-dns");
    reader.setDaemon(true);
    reader.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (adapter != null) {
      // SIGKILL: threads blocked in open() of the FIFO would keep a graceful shutdown waiting
      adapter.kill();
    }
    silentDns.close();
  }

  /** Verifies that stalled sink lookups leave other consumers' requests answered within 3 s. */
  @Test
  void testCreateBookingWithStalledSinkDnsDoesNotStallOtherConsumers(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("hosts.fifo");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Map<String, String> env = Map.of("QOSB_STORE_URL", "h2:file:" + dir.resolve("qosb").toAbsolutePath(),
        // the adapter's replica id would otherwise ask the stalled system resolver for the local host name
        "HOSTNAME", "sink-dns-it",
        "QOSB_SINKS_DNS_SERVERS", "[\"127.0.0.1:" + silentDns.getLocalPort() + "\"]",
        "QOSB_SINKS_DNS_TIMEOUT", "PT1S");
    adapter = JarProcess.start(dir, env, List.of("-Djdk.net.hosts.file=" + fifo.toAbsolutePath()));

    String attacker = mint("attacker");
    long fired = System.nanoTime();
    List<CompletableFuture<HttpResponse<String>>> attacks = new ArrayList<>();
    for (int i = 0; i < ATTACKS; i++) {
      attacks.add(http.sendAsync(post(attacker, booking("https://stall-" + i + ".sink-dns-it.example/cb"),
          Duration.ofSeconds(10)), HttpResponse.BodyHandlers.ofString()));
    }
    Thread.sleep(1000);

    String victim = mint("victim");
    long victimStarted = System.nanoTime();
    HttpResponse<String> created = http.send(post(victim, booking("https://8.8.8.8/events"), VICTIM_BOUND),
        HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = new JsonObject(created.body()).getString("bookingId");
    HttpResponse<String> read = http.send(request(victim, QBA + "/" + id, VICTIM_BOUND).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(new JsonObject(read.body()).getString("sink")).isEqualTo("https://8.8.8.8/events");
    System.out.printf("victim create + read answered in %d ms%n", (System.nanoTime() - victimStarted) / 1_000_000);

    for (CompletableFuture<HttpResponse<String>> attack : attacks) {
      long left = Duration.ofSeconds(10).toNanos() - (System.nanoTime() - fired);
      HttpResponse<String> refused = attack.get(Math.max(1, left), TimeUnit.NANOSECONDS);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
      JsonObject error = new JsonObject(refused.body());
      assertThat(error.getString("code")).isEqualTo("INVALID_SINK");
      assertThat(error.getString("message")).isEqualTo("sink: the host could not be resolved in time.");
    }
    System.out.printf("%d attacks refused within %d ms of firing; %d queries to the silent DNS server%n", ATTACKS,
        (System.nanoTime() - fired) / 1_000_000, dnsQueries.get());
    assertThat(dnsQueries.get()).as("queries sent to sinks.dnsServers").isPositive();
  }

  private static JsonObject booking(String sink) {
    return new JsonObject().put("qosProfile", "QOS_L").put("startTime", Instant.now().plusSeconds(7200).toString())
        .put("duration", 900).put("numDevices", 1).put("sink", sink)
        .put("serviceArea", new JsonObject().put("areaType", "CIRCLE")
            .put("center", new JsonObject().put("latitude", 51.5).put("longitude", -0.12)).put("radius", 300));
  }

  private HttpRequest post(String token, JsonObject body, Duration bound) {
    return request(token, QBA, bound).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
  }

  private HttpRequest.Builder request(String token, String path, Duration bound) {
    return HttpRequest.newBuilder(adapter.uri(path)).timeout(bound).header("Authorization", "Bearer " + token);
  }

  private static String mint(String client) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc = io.qosb.ops.TokenCommand.run(new String[] {"--client", client, "--scope", "all"}, Map.of(),
        new PrintStream(out), System.err);
    assertThat(rc).isZero();
    return out.toString().trim();
  }
}
