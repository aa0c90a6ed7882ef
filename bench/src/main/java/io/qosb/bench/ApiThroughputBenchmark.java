package io.qosb.bench;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.qosb.bench.LoadGenerator.Result;
import io.qosb.ops.AdapterVerticle;
import io.qosb.ops.Main;
import io.qosb.ops.TokenCommand;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * API throughput and latency of createBooking, assignDevices and getBookingById on the embedded
 * default store, side by side with a bare Vert.x route returning a fixed JSON body, driven by the
 * same client on the same machine in the same run.
 *
 * <p>Run: {@code bench/run ApiThroughputBenchmark [--phase PT20S] [--concurrency 32]}. With
 * {@code --create-only}, it runs createBooking alone (a warm-up, then one measured phase) and prints
 * its rate and the JVM's CPU time per request (adapter and client), the figure to compare before and
 * after a change and to read a JFR recording against; nothing is written to RESULTS.md.
 */
public final class ApiThroughputBenchmark {

  static final Buffer BARE_BODY = new JsonObject().put("bookingId", "5f6e1f0e-6a51-4c51-b7f2-7d6f1d1c2a11")
      .put("status", "SUCCESSFUL").put("statusInfo", "BOOKING_ACCEPTED").put("remainingDevices", 50).toBuffer();

  /** What one run measured. */
  public record Report(List<Result> closed, Result adapterAtHalf, Result bareAtHalf) {

    Result find(String op) {
      return closed.stream().filter(r -> r.operation().equals(op)).findFirst().orElseThrow();
    }

    double throughputRatio() {
      return find("createBooking").rps() / find("bare route").rps();
    }

    double p99Ratio() {
      return adapterAtHalf.p(99) / bareAtHalf.p(99);
    }
  }

  public static void main(String[] args) throws Exception {
    Duration phase = Duration.parse(option(args, "--phase", "PT20S"));
    int concurrency = Integer.parseInt(option(args, "--concurrency", "32"));
    if (List.of(args).contains("--create-only")) {
      run(phase, concurrency, Files.createTempDirectory("qosb-bench"), true);
      System.exit(0);
    }
    Report r = run(phase, concurrency, Files.createTempDirectory("qosb-bench"), false);
    String body = markdown(r, phase, concurrency);
    System.out.println(body);
    Results.write("api-throughput", "API throughput and latency",
        "bench/run ApiThroughputBenchmark --phase " + phase + " --concurrency " + concurrency, body);
    System.exit(0);
  }

  /** Runs every phase; {@code phase} is the length of each measured phase. */
  public static Report run(Duration phase, int concurrency, Path dir) throws Exception {
    return run(phase, concurrency, dir, false);
  }

  private static Report run(Duration phase, int concurrency, Path dir, boolean createOnly) throws Exception {
    Vertx bareVertx = Vertx.vertx();
    PrometheusMeterRegistry registry = Main.newRegistry();
    Vertx adapterVertx = Main.newVertx(registry);
    Vertx clientVertx = Vertx.vertx();
    try {
      Router bare = Router.router(bareVertx);
      bare.get("/bare").handler(rc -> rc.response().putHeader("content-type", "application/json").end(BARE_BODY));
      HttpServer bareServer = bareVertx.createHttpServer().requestHandler(bare).listen(0, "127.0.0.1").await();
      AdapterVerticle adapter = Main.start(adapterVertx, null, Map.of("QOSB_HTTP_HOST", "127.0.0.1",
          "QOSB_HTTP_PORT", "0", "QOSB_STORE_URL", "h2:file:" + dir.resolve("bench").toAbsolutePath(),
          "QOSB_DEVICES_DIRECTORY", "open", "QOSB_RATE_LIMIT_RATE_PER_SECOND", "1000000000",
          "QOSB_RATE_LIMIT_BURST", "1000000000", "QOSB_BOOKING_MAX_OPEN_PER_CONSUMER", "1000000000"), registry, Clock.systemUTC()).await();
      WebClient client = WebClient.create(clientVertx, new WebClientOptions().setDefaultHost("127.0.0.1")
          .setKeepAlive(true), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(concurrency));
      Workload w = new Workload(client, adapter.actualPort(), bareServer.actualPort(), token());
      if (createOnly) {
        createOnly(w, phase, concurrency, clientVertx);
        return null;
      }
      return measure(w, phase, concurrency, clientVertx);
    } finally {
      clientVertx.close().await();
      adapterVertx.close().await();
      bareVertx.close().await();
    }
  }

  private static Report measure(Workload w, Duration phase, int concurrency, Vertx clientVertx) {
    LoadGenerator gen = new LoadGenerator(clientVertx);
    gen.closed("warm-up", concurrency, phase.dividedBy(4), 201, w::create);
    gen.closed("warm-up", concurrency, phase.dividedBy(4), 200, w::bare);
    List<Result> closed = new ArrayList<>();
    closed.add(gen.closed("bare route", concurrency, phase, 200, w::bare));
    closed.add(gen.closed("createBooking", concurrency, phase, 201, w::create));
    closed.add(gen.closed("assignDevices", concurrency, phase, 201, w::assign));
    closed.add(gen.closed("getBookingById", concurrency, phase, 200, w::get));
    double half = closed.get(1).rps() / 2;
    Result adapterAtHalf = gen.open("createBooking @50%", half, phase, 201, w::create);
    Result bareAtHalf = gen.open("bare route @same rate", half, phase, 200, w::bare);
    return new Report(closed, adapterAtHalf, bareAtHalf);
  }

  private static void createOnly(Workload w, Duration phase, int concurrency, Vertx clientVertx) {
    LoadGenerator gen = new LoadGenerator(clientVertx);
    gen.closed("warm-up", concurrency, phase.dividedBy(2), 201, w::create);
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    Result r = gen.closed("createBooking", concurrency, phase, 201, w::create);
    double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6;
    System.out.printf("createBooking alone: %.0f req/s, p50 %.2f ms, p99 %.2f ms, errors %d, JVM CPU %.3f ms per request%n",
        r.rps(), r.p(50), r.p(99), r.errors(), cpuMs / r.requests());
  }

  static String markdown(Report r, Duration phase, int concurrency) {
    StringBuilder sb = new StringBuilder("Closed loop, " + concurrency + " requests in flight, " + phase.toSeconds()
        + " s per operation (in-process servers on loopback, one client):\n\n"
        + "| operation | req/s | p50 ms | p99 ms | p99.9 ms | errors |\n|---|---|---|---|---|---|\n");
    for (Result x : r.closed()) {
      sb.append(row(x));
    }
    sb.append("\nOpen loop at half of createBooking's maximum (").append(String.format("%.0f", r.adapterAtHalf().rps()))
        .append(" req/s), latency from the intended send time:\n\n| operation | req/s | p50 ms | p99 ms | p99.9 ms | errors |\n|---|---|---|---|---|---|\n")
        .append(row(r.adapterAtHalf())).append(row(r.bareAtHalf()));
    sb.append(String.format("%n| ratio | value | target | met |%n|---|---|---|---|%n"
        + "| createBooking throughput / bare route throughput | %.3f | >= 0.25 | %s |%n"
        + "| createBooking p99 / bare p99 at the same rate | %.2f | <= 5 | %s |%n",
        r.throughputRatio(), r.throughputRatio() >= 0.25 ? "yes" : "no", r.p99Ratio(), r.p99Ratio() <= 5 ? "yes" : "no"));
    return sb.toString();
  }

  private static String row(Result x) {
    return String.format("| %s | %.0f | %.2f | %.2f | %.2f | %d |%n", x.operation(), x.rps(), x.p(50), x.p(99),
        x.p(99.9), x.errors());
  }

  static String token() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (TokenCommand.run(new String[] {"--client", "bench", "--scope", "all", "--ttl", "PT2H"}, Map.of(),
        new PrintStream(out), System.err) != 0) {
      throw new IllegalStateException("cannot mint a dev token");
    }
    return out.toString().trim();
  }

  static String option(String[] args, String name, String def) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return def;
  }

  /** The requests of each operation; bookings created are reused for assignment and reads. */
  private static final class Workload {
    private final WebClient client;
    private final int adapterPort;
    private final int barePort;
    private final String bearer;
    private final Buffer createBody;
    private final ConcurrentLinkedQueue<String> forAssign = new ConcurrentLinkedQueue<>();
    private final List<String> created = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong devices = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();

    Workload(WebClient client, int adapterPort, int barePort, String token) {
      this.client = client;
      this.adapterPort = adapterPort;
      this.barePort = barePort;
      this.bearer = "Bearer " + token;
      this.createBody = new JsonObject().put("qosProfile", "QOS_L")
          .put("startTime", Instant.now().plusSeconds(7 * 86_400).toString()).put("duration", 3600).put("numDevices", 50)
          .put("serviceArea", new JsonObject().put("areaType", "CIRCLE")
              .put("center", new JsonObject().put("latitude", 40.42).put("longitude", -3.70)).put("radius", 1000))
          .toBuffer();
    }

    io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<Buffer>> bare() {
      return client.get(barePort, "127.0.0.1", "/bare").send();
    }

    io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<Buffer>> create() {
      return client.post(adapterPort, "127.0.0.1", "/qos-booking-and-assignment/v0.2/qos-bookings")
          .putHeader("Authorization", bearer).putHeader("content-type", "application/json").sendBuffer(createBody)
          .onSuccess(r -> {
            if (r.statusCode() == 201) {
              String id = r.bodyAsJsonObject().getString("bookingId");
              created.add(id);
              for (int i = 0; i < 50; i++) {
                forAssign.add(id);
              }
            }
          });
    }

    io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<Buffer>> assign() {
      String id = forAssign.poll();
      if (id == null) {
        throw new IllegalStateException("not enough bookings created to assign to; lengthen the createBooking phase");
      }
      String phone = String.format("+3461%08d", devices.incrementAndGet());
      JsonObject body = new JsonObject().put("devices", new JsonArray().add(new JsonObject().put("phoneNumber", phone)));
      return client.post(adapterPort, "127.0.0.1", "/qos-booking-and-assignment/v0.2/qos-bookings/" + id + "/devices/assign")
          .putHeader("Authorization", bearer).sendJson(body);
    }

    io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<Buffer>> get() {
      String id = created.get((int) (reads.incrementAndGet() % created.size()));
      return client.get(adapterPort, "127.0.0.1", "/qos-booking-and-assignment/v0.2/qos-bookings/" + id)
          .putHeader("Authorization", bearer).send();
    }
  }
}
