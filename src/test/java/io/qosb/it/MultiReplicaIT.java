package io.qosb.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.qosb.nef.sim.RecordedRequest;
import io.qosb.nef.sim.Scenario;
import io.qosb.nef.sim.SimulatedNef;
import io.qosb.store.TestDatabases;
import io.qosb.testing.JarProcess;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * Issue 8 item 3: three replicas of the packaged adapter on ONE PostgreSQL database and ONE
 * simulated NEF do each activation, each teardown and each event delivery once, even when one
 * replica is killed (SIGKILL) in the middle of the activation burst.
 *
 * <p>Setup: a fresh PostgreSQL database ({@code qosb_it_<random>}, created on the
 * {@code QOSB_TEST_PG_URL} server and dropped afterwards); a simulated NEF in this JVM (defaults, with
 * notifications to each replica's own callback URL, but {@code timeScale} 10 so that the NEF does not end
 * the sessions itself at the booking's end and every subscription must be removed by the adapter's DELETE); one https CloudEvents sink in this JVM
 * (self-signed, records every event); three {@link JarProcess}es with {@code nef.mode=remote}, an open
 * device directory and short leases. {@value #BOOKINGS} QBA bookings of {@value #DEVICES} devices each
 * (the full 100 x 10 of the issue), created and assigned round-robin over the replicas, all starting in
 * the same second and lasting {@value #DURATION_S} s. Once some but not all of the
 * {@value #BOOKINGS}x{@value #DEVICES} subscriptions exist, the busiest replica is killed.
 *
 * <p>Checks: every (booking, device) got exactly one POST creating its subscription, every created
 * subscription was deleted exactly once and the NEF ends with none; each booking got exactly its QBA
 * status-changed events BOOKING_ACTIVATED then BOOKING_EXPIRED, every CloudEvent id once, except an
 * event the killed replica had sent (first copy before the kill) but not yet recorded as delivered:
 * such an event is sent once more after its lease (at-least-once delivery, same id), at most one batch
 * (a sender's retry after a request timeout on this loaded machine can add one more copy).
 *
 * <p>PostgreSQL unreachable: the test fails, unless {@code QOSB_TEST_PG_SKIP=true} (then it is skipped).
 */
class MultiReplicaIT {

  static final int REPLICAS = 3;
  static final int BOOKINGS = 100;
  static final int DEVICES = 10;
  static final int DURATION_S = 30;
  /** Time between the start of the setup and the bookings' common startTime. */
  static final Duration LEAD = Duration.ofSeconds(40);
  static final String QBA = "/qos-booking-and-assignment/v0.2/qos-bookings";
  static final String STATUS_CHANGED = "org.camaraproject.qos-booking-and-assignment.v0.status-changed";
  static final String CALLBACK_PATH = "/nef-callbacks/v1/notifications";
  private static final boolean PG_SKIP = Boolean.parseBoolean(System.getenv().getOrDefault("QOSB_TEST_PG_SKIP", "false"));

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One CloudEvent as the sink got it. */
  record Received(String id, String type, JsonObject data, long atNanos) {
  }

  /** Verifies once-only creates, deletes and deliveries by three replicas, one of them killed mid-burst. */
  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void testThreeReplicasDoEachJobOnceAcrossAKill(@TempDir Path dir) throws Exception {
    Vertx vertx = Vertx.vertx();
    String database = "qosb_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    List<JarProcess> replicas = new ArrayList<>();
    SimulatedNef nef = null;
    HttpServer sink = null;
    SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
    boolean created = false;
    try {
      createDatabase(vertx, database);
      created = true;
      // defaults, except that the NEF's own end of each session (usageThreshold.duration = seconds left in
      // the booking) comes 10x later: the adapter's teardown, not the NEF's timer, must remove every one
      nef = SimulatedNef.start(vertx, "127.0.0.1", 0, Scenario.fromJson(new JsonObject().put("timeScale", 10),
          "multi-replica")).await();
      assertThat(nef.scenario().notifications().enabled()).isTrue();
      List<Received> events = new CopyOnWriteArrayList<>();
      sink = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(cert.keyCertOptions())
          .setHost("127.0.0.1").setPort(0)).requestHandler(req -> req.body().onSuccess(body -> {
            JsonObject ce = new JsonObject(body);
            events.add(new Received(ce.getString("id"), ce.getString("type"), ce.getJsonObject("data"), System.nanoTime()));
            req.response().setStatusCode(204).end();
          })).listen().await();
      String sinkUrl = "https://127.0.0.1:" + sink.actualPort() + "/events";

      long t0 = System.nanoTime();
      for (int i = 0; i < REPLICAS; i++) {
        replicas.add(JarProcess.start(dir, env(nef.baseUrl(), storeUrl(database))));
      }
      log("replicas ready in %d ms (ports %s)", ms(t0), replicas.stream().map(r -> r.port).toList());

      // setup: 100 bookings, then 10 devices each, round-robin over the replicas
      String token = mint();
      long t1 = System.nanoTime();
      Instant start = Instant.now().plus(LEAD).truncatedTo(ChronoUnit.SECONDS);
      Map<String, Integer> bookingIndex = new TreeMap<>();
      ExecutorService pool = Executors.newFixedThreadPool(6);
      try {
        List<Future<String>> ids = new ArrayList<>();
        for (int b = 0; b < BOOKINGS; b++) {
          int n = b;
          ids.add(pool.submit(() -> book(replicas, n, token, start, sinkUrl)));
        }
        for (int b = 0; b < BOOKINGS; b++) {
          bookingIndex.put(ids.get(b).get(), b);
        }
      } finally {
        pool.shutdownNow();
      }
      long setupMs = ms(t1);
      log("setup of %d bookings x %d devices in %d ms; startTime in %d ms", BOOKINGS, DEVICES, setupMs,
          Duration.between(Instant.now(), start).toMillis());
      assertThat(Instant.now()).as("setup must end before the common startTime; raise LEAD").isBefore(start);
      assertThat(nef.totalCreates()).isZero();

      // the activation burst: kill the busiest replica once some but not all subscriptions exist
      int wanted = BOOKINGS * DEVICES;
      SimulatedNef sim = nef;
      awaitTrue(Duration.between(Instant.now(), start).plusSeconds(30), () -> sim.totalCreates() >= wanted / 10,
          () -> "no activation burst, creates: " + sim.totalCreates());
      Map<Integer, Long> byReplica = sim.subscriptions().values().stream().collect(Collectors.groupingBy(
          s -> URI.create(s.getString("notificationDestination")).getPort(), Collectors.counting()));
      JarProcess victim = replicas.stream().max((a, b) -> Long.compare(byReplica.getOrDefault(a.port, 0L),
          byReplica.getOrDefault(b.port, 0L))).orElseThrow();
      int createsAtKill = sim.totalCreates();
      victim.kill();
      long killNanos = System.nanoTime();
      long killedAfterStartMs = Duration.between(start, Instant.now()).toMillis();
      log("killed replica on port %d at start+%d ms with %d of %d subscriptions created (per replica: %s)", victim.port,
          killedAfterStartMs, createsAtKill, wanted, byReplica);
      assertThat(createsAtKill).as("kill during the burst, not after it").isLessThan(wanted);

      // the end: every subscription created and gone again, every booking's two events arrived
      Instant end = start.plusSeconds(DURATION_S);
      int expectedEvents = 2 * BOOKINGS;
      awaitTrue(Duration.between(Instant.now(), end).plusSeconds(90),
          () -> sim.totalCreates() >= wanted && sim.subscriptions().isEmpty() && events.size() >= expectedEvents,
          () -> "not finished: creates " + sim.totalCreates() + ", live subscriptions " + sim.subscriptions().size()
              + ", events " + events.size() + "/" + expectedEvents + diagnostics(sim));
      log("all done at end+%d ms; activation lag: all %d created at start+%s ms", Duration.between(end, Instant.now())
          .toMillis(), wanted, lastCreateAfter(sim, start));
      Thread.sleep(3000); // late duplicates, if any, would arrive now

      // NEF: exactly one create per (booking, device), each created subscription deleted exactly once
      List<RecordedRequest> requests = sim.requests();
      Map<String, Long> createsPerUe = requests.stream().filter(r -> r.method().equals("POST") && r.status() == 201)
          .collect(Collectors.groupingBy(r -> r.body().getString("gpsi"), Collectors.counting()));
      assertThat(createsPerUe).hasSize(wanted);
      assertThat(createsPerUe.entrySet().stream().filter(e -> e.getValue() != 1).toList())
          .as("devices with more than one subscription created").isEmpty();
      assertThat(sim.totalCreates()).isEqualTo(wanted);
      Map<String, Long> deletesPerId = requests.stream().filter(r -> r.method().equals("DELETE") && r.status() / 100 == 2)
          .collect(Collectors.groupingBy(r -> r.path().substring(r.path().lastIndexOf('/') + 1), Collectors.counting()));
      assertThat(deletesPerId).as("DELETEs by status: " + requests.stream().filter(r -> r.method().equals("DELETE"))
          .collect(Collectors.groupingBy(RecordedRequest::status, Collectors.counting()))).hasSize(wanted);
      assertThat(deletesPerId.entrySet().stream().filter(e -> e.getValue() != 1 || sim.createCount(e.getKey()) != 1
          || sim.deleteCount(e.getKey()) != 1).toList()).as("subscriptions not created and deleted exactly once").isEmpty();
      assertThat(sim.subscriptions()).isEmpty();

      // sink: each event id once; per booking exactly BOOKING_ACTIVATED then BOOKING_EXPIRED
      Map<String, Long> perId = events.stream().collect(Collectors.groupingBy(Received::id, Collectors.counting()));
      // An event whose sink answered 2xx to the killed replica just before SIGKILL, but whose delivery
      // the replica had not yet committed, is sent again (same id) by a survivor after notify.lease:
      // at-least-once by design, consumers de-duplicate by id. Any other duplicate is a bug.
      List<String> duplicates = perId.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
      for (String id : duplicates) {
        List<Received> copies = events.stream().filter(e -> e.id().equals(id)).toList();
        log("event %s arrived %d times, at kill%s ms", id, copies.size(), copies.stream()
            .map(c -> String.format("%+d", (c.atNanos() - killNanos) / 1_000_000)).toList());
        // 3 copies seen once under load: a retry of the victim after its 3 s request timeout (the busy test
        // JVM answered late), then the survivor's after the lease; both are at-least-once by design
        assertThat(copies).as("event delivered more than three times: " + id).hasSizeLessThanOrEqualTo(3);
        // bytes the victim wrote just before it died are read by this (busy) JVM a little later: 3 s slack
        // (survivors can only send an event the victim claimed after notify.lease, 25 s)
        assertThat(copies.get(0).atNanos()).as("first copy of a duplicate must be sent before the kill: " + id)
            .isLessThan(killNanos + 3_000_000_000L);
        assertThat(copies.get(1).atNanos()).as("second copy of a duplicate must follow the kill: " + id)
            .isGreaterThan(killNanos);
      }
      assertThat(duplicates).as("duplicates beyond the killed replica's one batch in flight").hasSizeLessThanOrEqualTo(16);
      Map<String, List<String>> perBooking = new HashMap<>();
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (Received e : events) {
        if (!seen.add(e.id())) {
          continue;
        }
        assertThat(e.type()).isEqualTo(STATUS_CHANGED);
        assertThat(e.data().getString("status")).isEqualTo("SUCCESSFUL");
        perBooking.computeIfAbsent(e.data().getJsonObject("bookingDetails").getString("bookingId"), k -> new ArrayList<>())
            .add(e.data().getString("statusInfo"));
      }
      assertThat(perBooking.keySet()).isEqualTo(bookingIndex.keySet());
      assertThat(perBooking.entrySet().stream().filter(e -> !e.getValue().equals(List.of("BOOKING_ACTIVATED",
          "BOOKING_EXPIRED"))).toList()).as("bookings with other events than ACTIVATED, EXPIRED").isEmpty();
      assertThat(events).hasSize(expectedEvents + duplicates.size());

      // the survivors still serve
      for (JarProcess r : replicas) {
        if (r != victim) {
          assertThat(send(r, "GET", QBA + "/" + bookingIndex.keySet().iterator().next(), token, null).statusCode())
              .isEqualTo(200);
        }
      }
      log("MultiReplicaIT ok: %d creates, %d deletes, %d events, total %d ms", sim.totalCreates(), deletesPerId.size(),
          events.size(), ms(t0));
    } catch (AssertionError | RuntimeException e) {
      for (JarProcess r : replicas) {
        log("--- log tail of replica %d ---%n%s", r.port, tail(r.log, 40));
      }
      throw e;
    } finally {
      for (JarProcess r : replicas) {
        r.close();
        keepLog(r);
      }
      if (sink != null) {
        sink.close().await();
      }
      if (nef != null) {
        nef.close().await();
      }
      cert.delete();
      if (created) {
        admin(vertx, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
      }
      vertx.close().await();
    }
  }

  private static Map<String, String> env(String nefUrl, String storeUrl) throws Exception {
    int port = JarProcess.freePort();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("QOSB_HTTP_PORT", Integer.toString(port));
    env.put("QOSB_HTTP_PUBLIC_URL", "http://127.0.0.1:" + port);
    env.put("QOSB_STORE_URL", storeUrl);
    env.put("QOSB_NEF_MODE", "remote");
    env.put("QOSB_NEF_URL", nefUrl);
    env.put("QOSB_NEF_NOTIFICATION_URL", "http://127.0.0.1:" + port + CALLBACK_PATH);
    // one NEF call with its retries (2 x 5 s + backoff) stays inside the 15 s job lease; on a loaded
    // 2-core machine slow answers must not open the circuit breaker for 30 s in the middle of the window
    env.put("QOSB_NEF_TIMEOUT", "PT5S");
    env.put("QOSB_NEF_RETRY_MAX_ATTEMPTS", "2");
    env.put("QOSB_NEF_CIRCUIT_BREAKER_FAILURE_THRESHOLD", "100");
    env.put("QOSB_DEVICES_DIRECTORY", "open");
    // the replicas trust the dev token and keep the dev credential key: a test of scale-out, not of keys
    env.put("QOSB_DEV_ALLOW_PUBLISHED_KEYS", "true");
    env.put("QOSB_RATE_LIMIT_RATE_PER_SECOND", "10000");
    env.put("QOSB_RATE_LIMIT_BURST", "10000");
    env.put("QOSB_SCHEDULE_SWEEP_INTERVAL", "PT1S");
    env.put("QOSB_SCHEDULE_LEASE_DURATION", "PT15S");
    env.put("QOSB_SCHEDULE_RETRY_BACKOFF", "PT1S");
    env.put("QOSB_NOTIFY_POLL_INTERVAL", "PT0.5S");
    // a request timeout well above the time this busy test JVM may take to read a delivery: with 3 s, a
    // survivor's delivery read ~2 s late was sent again after its timeout, a duplicate that is
    // at-least-once by design but not the killed replica's (seen at load 5-10)
    env.put("QOSB_NOTIFY_REQUEST_TIMEOUT", "PT8S");
    env.put("QOSB_NOTIFY_LEASE", "PT25S");
    env.put("QOSB_SINKS_ALLOW_PRIVATE_ADDRESSES", "true");
    env.put("QOSB_SINKS_TRUST_ALL", "true");
    // four JVMs share two cores: keep each replica small and its JIT light
    env.put("JAVA_TOOL_OPTIONS", "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
    return env;
  }

  /** Creates booking n on one replica and assigns its devices on the next one. */
  private String book(List<JarProcess> replicas, int n, String token, Instant start, String sinkUrl) throws Exception {
    JsonObject body = new JsonObject().put("qosProfile", "QOS_S").put("startTime", start.toString())
        .put("duration", DURATION_S).put("numDevices", DEVICES).put("sink", sinkUrl)
        .put("serviceArea", new JsonObject().put("areaType", "CIRCLE")
            .put("center", new JsonObject().put("latitude", 40.0 + n * 0.01).put("longitude", -3.7)).put("radius", 500));
    HttpResponse<String> created = send(replicas.get(n % REPLICAS), "POST", QBA, token, body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = new JsonObject(created.body()).getString("bookingId");
    JsonArray devices = new JsonArray();
    for (int d = 0; d < DEVICES; d++) {
      devices.add(new JsonObject().put("phoneNumber", String.format("+34601%03d%02d", n, d)));
    }
    HttpResponse<String> assigned = send(replicas.get((n + 1) % REPLICAS), "POST", QBA + "/" + id + "/devices/assign",
        token, new JsonObject().put("devices", devices));
    assertThat(assigned.statusCode()).as(assigned.body()).isEqualTo(201);
    return id;
  }

  private HttpResponse<String> send(JarProcess p, String method, String path, String token, JsonObject body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(p.uri(path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (body != null) {
      b.header("content-type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String mint() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc = io.qosb.ops.TokenCommand.run(new String[] {"--client", "it-replicas", "--scope", "all"}, Map.of(),
        new PrintStream(out), System.err);
    assertThat(rc).isZero();
    return out.toString().trim();
  }

  private static String lastCreateAfter(SimulatedNef nef, Instant start) {
    return nef.requests().stream().filter(r -> r.method().equals("POST") && r.status() == 201)
        .map(r -> Duration.between(start, r.at()).toMillis()).max(Long::compare).map(String::valueOf).orElse("?");
  }

  private static void awaitTrue(Duration max, BooleanSupplier done, java.util.function.Supplier<String> why)
      throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(why.get());
      }
      Thread.sleep(10);
    }
  }

  /** The store URL of a database on the server of QOSB_TEST_PG_URL. */
  private static String storeUrl(String database) {
    String url = TestDatabases.PG_URL;
    int q = url.indexOf('?');
    String base = q < 0 ? url : url.substring(0, q);
    return base.substring(0, base.lastIndexOf('/') + 1) + database + (q < 0 ? "" : url.substring(q));
  }

  private static void createDatabase(Vertx vertx, String database) {
    try {
      admin(vertx, "CREATE DATABASE " + database);
    } catch (Exception e) { // Future.await rethrows the connect failure as it is (an IOException)
      if (PG_SKIP) {
        throw new TestAbortedException("PostgreSQL not reachable, skipped (QOSB_TEST_PG_SKIP=true): " + e.getMessage());
      }
      throw new IllegalStateException("PostgreSQL test database not reachable at QOSB_TEST_PG_URL=" + TestDatabases.PG_URL
          + " (" + e.getMessage() + "); start it or set QOSB_TEST_PG_SKIP=true to skip", e);
    }
  }

  private static void admin(Vertx vertx, String statement) {
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
        .connectingTo(PgConnectOptions.fromUri(TestDatabases.PG_URL)).using(vertx).build();
    try {
      pool.query(statement).execute().await(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("timed out: " + statement, e);
    } finally {
      pool.close();
    }
  }

  /** Leftover subscriptions and devices with more than one create, for the failure message. */
  private static String diagnostics(SimulatedNef nef) {
    StringBuilder out = new StringBuilder();
    nef.subscriptions().forEach((id, body) -> out.append("\n  live ").append(id).append(' ').append(body.getString("gpsi"))
        .append(' ').append(body.getString("notificationDestination")));
    Map<String, List<RecordedRequest>> posts = nef.requests().stream().filter(r -> r.method().equals("POST"))
        .collect(Collectors.groupingBy(r -> String.valueOf(r.body() == null ? null : r.body().getString("gpsi"))));
    posts.forEach((ue, list) -> {
      if (list.size() > 1) {
        out.append("\n  ").append(ue).append(" POSTs:");
        list.forEach(r -> out.append(' ').append(r.status()).append('@').append(r.at())
            .append(" dest=").append(r.body() == null ? null : r.body().getString("notificationDestination")));
      }
    });
    return out.toString();
  }

  /** Copies a replica's log to target/multi-replica-logs (the temporary folder is deleted). */
  private static void keepLog(JarProcess r) {
    try {
      Path kept = Path.of("target", "multi-replica-logs");
      Files.createDirectories(kept);
      Files.copy(r.log, kept.resolve("replica-" + r.port + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (Exception e) {
      log("log of replica %d not kept: %s", r.port, e.getMessage());
    }
  }

  private static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (Exception e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  private static long ms(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1_000_000;
  }

  private static void log(String format, Object... args) {
    System.out.println("[MultiReplicaIT] " + String.format(format, args));
  }
}
