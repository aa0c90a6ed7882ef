package io.qosb.bench;

import io.qosb.nef.NefClient;
import io.qosb.nef.NefConfig;
import io.qosb.nef.sim.SimulatedNef;
import io.qosb.ops.Main;
import io.qosb.testing.JarProcess;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Book "now", out of process: the packaged jar ({@code nef.mode=remote}) against the standalone
 * simulated NEF ({@code nef-sim}) in its own process, driven by this JVM as the load generator
 * (closed loop, a unique device per booking, startTime = now + {@code --lead}). Per phase: bookings/s,
 * latency, the adapter's CPU per booking from {@code /proc/PID/stat} counted until the NEF holds
 * every booking's subscription, subscriptions/s at the NEF, activation lag (the simulator's create
 * time minus the startTime), RSS. Baseline of each run: the NEF client alone creating subscriptions
 * on the same simulator.
 *
 * <p>Run: {@code bench/run BookNowBenchmark [--phase PT10S] [--connections 1,8,32] [--lead PT0S]}.
 */
public final class BookNowBenchmark {

  static final String QB = "/qos-booking/v0.2/device-qos-bookings";
  static final String QBA = "/qos-booking-and-assignment/v0.2/qos-bookings";
  private static final long TICK_MS = 10; // USER_HZ is 100 on Linux

  /** NEF behaviour of one run. */
  public record Setting(String name, Duration latency, boolean notifications) {
  }

  /** One closed-loop phase and what followed it until the NEF had every subscription. */
  public record Phase(String api, int connections, LoadGenerator.Result load, long bookings, double cpuMsPerBooking,
      double subscriptionsPerSecond, Histogram lag, long missing, long rssBytes, double diskKbPerBooking) {
  }

  /** The NEF client alone on the same simulator. */
  public record Baseline(int subscriptions, int inFlight, double seconds, double cpuMsPerSubscription, long failures) {

    double rate() {
      return subscriptions / seconds;
    }
  }

  /** One setting's phases and baseline. */
  public record Run(Setting setting, List<Phase> phases, Baseline baseline, String loadBefore, String loadAfter) {
  }

  /** Everything measured. */
  public record Report(Duration phase, Duration warmup, Duration lead, List<Run> runs) {
  }

  public static void main(String[] args) throws Exception {
    Duration phase = Duration.parse(ApiThroughputBenchmark.option(args, "--phase", "PT10S"));
    Duration lead = Duration.parse(ApiThroughputBenchmark.option(args, "--lead", "PT0S"));
    String conns = ApiThroughputBenchmark.option(args, "--connections", "1,8,32");
    List<Integer> connections = Arrays.stream(conns.split(",")).map(Integer::parseInt).toList();
    List<Setting> settings = List.of(new Setting("NEF latency 0 ms, notifications off", Duration.ZERO, false),
        new Setting("NEF latency 30 ms, notifications off", Duration.ofMillis(30), false),
        new Setting("NEF latency 0 ms, notifications on", Duration.ZERO, true));
    // --settings N: only the first N settings (1: NEF latency 0 ms, notifications off, the target's setting)
    settings = settings.subList(0, Integer.parseInt(ApiThroughputBenchmark.option(args, "--settings",
        String.valueOf(settings.size()))));
    // --warmup: per API before its phases; a cold adapter spends most of its CPU in the JIT compilers for
    // tens of seconds on a loaded 2-core machine, which a short warm-up counts as CPU per booking
    Duration warmup = Duration.parse(ApiThroughputBenchmark.option(args, "--warmup", "PT30S"));
    Report r = run(Files.createTempDirectory("qosb-booknow"), phase, warmup, lead, connections, settings);
    String body = markdown(r);
    System.out.println(body);
    Results.write("book-now", "Book now, out of process (issue 16)", "bench/run BookNowBenchmark --phase " + phase
        + " --warmup " + warmup + " --connections " + conns + " --lead " + lead, body);
    System.exit(0);
  }

  /** Runs every setting: a fresh simulator and adapter each, QB then QBA phases, then the baseline. */
  public static Report run(Path dir, Duration phase, Duration warmup, Duration lead, List<Integer> connections,
      List<Setting> settings) throws Exception {
    List<Run> runs = new ArrayList<>();
    for (Setting s : settings) {
      runs.add(run(dir.resolve("run" + runs.size()), phase, warmup, lead, connections, s));
    }
    return new Report(phase, warmup, lead, runs);
  }

  private static Run run(Path dir, Duration phase, Duration warmup, Duration lead, List<Integer> connections,
      Setting setting) throws Exception {
    Files.createDirectories(dir);
    String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
    int simPort = JarProcess.freePort();
    int adapterPort = JarProcess.freePort();
    JsonObject scenario = new JsonObject().put("name", "booknow").put("capacity", 0)
        .put("notifications", new JsonObject().put("enabled", setting.notifications()));
    if (!setting.latency().isZero()) {
      scenario.put("latency", setting.latency().toString());
    }
    Path scenarioFile = dir.resolve("scenario.json");
    Files.writeString(scenarioFile, scenario.encodePrettily());
    Vertx vertx = Vertx.vertx();
    int maxConnections = connections.stream().mapToInt(Integer::intValue).max().orElse(1);
    try (SimProcess sim = SimProcess.start(dir, simPort, scenarioFile);
        JarProcess adapter = JarProcess.start(dir, adapterEnv(dir, Map.of("QOSB_STORE_URL", "h2:file:" + dir.resolve("qosb").toAbsolutePath()
            + System.getenv().getOrDefault("QOSB_BENCH_H2_OPTIONS", ""),
            "QOSB_HTTP_PORT", String.valueOf(adapterPort), "QOSB_NEF_MODE", "remote", "QOSB_NEF_URL", sim.url(),
            "QOSB_NEF_NOTIFICATION_URL", "http://127.0.0.1:" + adapterPort + "/nef-callbacks/v1/notifications",
            "QOSB_DEVICES_DIRECTORY", "open", "QOSB_RATE_LIMIT_RATE_PER_SECOND", "1000000000",
            "QOSB_RATE_LIMIT_BURST", "1000000000", "QOSB_BOOKING_MAX_OPEN_PER_CONSUMER", "1000000000",
            "QOSB_DEV_ALLOW_PUBLISHED_KEYS", "true")))) {
      WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(adapterPort).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(maxConnections));
      WebClient simClient = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(simPort));
      Workload w = new Workload(client, "Bearer " + ApiThroughputBenchmark.token(), lead);
      CreateLog log = new CreateLog(simClient);
      LoadGenerator load = new LoadGenerator(vertx);
      List<Phase> phases = new ArrayList<>();
      for (String api : List.of("QB", "QBA")) {
        // warm-up (not reported), drained so that its subscriptions do not count in the first phase
        Map<String, Long> warm = new ConcurrentHashMap<>();
        load.closed("warm-up", maxConnections, warmup, 201, w.call(api, warm));
        log.await(warm, Duration.ofSeconds(120));
        for (int c : connections) {
          phases.add(phase(api, c, phase, load, w, log, adapter.pid()));
        }
      }
      Baseline baseline = baseline(vertx, sim.url(), log.sample, maxConnections,
          (int) Math.max(200, phases.stream().mapToLong(Phase::bookings).max().orElse(0)));
      return new Run(setting, phases, baseline, loadBefore, Files.readString(Path.of("/proc/loadavg")).trim());
    } finally {
      vertx.close().await();
    }
  }

  /**
   * The adapter's JVM options: {@code QOSB_BENCH_ADAPTER_JFR=<folder>} records a JFR profile (settings=profile)
   * of each run's adapter into that folder (to find where its CPU goes).
   */
  private static Map<String, String> adapterEnv(Path dir, Map<String, String> env) {
    String jfr = System.getenv("QOSB_BENCH_ADAPTER_JFR");
    if (jfr == null || jfr.isBlank()) {
      return env;
    }
    Map<String, String> withJfr = new java.util.HashMap<>(env);
    withJfr.put("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=settings=profile,filename=" + Path.of(jfr)
        .toAbsolutePath().resolve("adapter-" + dir.getFileName() + "-" + System.currentTimeMillis() + ".jfr"));
    return withJfr;
  }

  private static Phase phase(String api, int connections, Duration duration, LoadGenerator load, Workload w,
      CreateLog log, long pid) throws Exception {
    Map<String, Long> starts = new ConcurrentHashMap<>();
    long cpu0 = cpuTicks(pid);
    long written0 = writeBytes(pid);
    long t0 = System.currentTimeMillis() * 1000;
    LoadGenerator.Result result = load.closed(api + " x" + connections, connections, duration, 201, w.call(api, starts));
    List<long[]> creates = log.await(starts, Duration.ofSeconds(60 + starts.size() / 100));
    long cpu1 = cpuTicks(pid);
    long written1 = writeBytes(pid);
    Histogram lag = new Histogram(3_600_000_000L, 3);
    long last = t0;
    for (long[] c : creates) {
      lag.recordValue(Math.max(0, Math.min(3_600_000_000L, c[0] - c[1])));
      last = Math.max(last, c[0]);
    }
    long bookings = starts.size();
    System.out.printf("%s: %d bookings, %d subscriptions, CPU %.2f ms/booking, %.1f KB written/booking%n", result,
        bookings, creates.size(), (cpu1 - cpu0) * TICK_MS / (double) Math.max(1, bookings),
        (written1 - written0) / 1024.0 / Math.max(1, bookings));
    return new Phase(api, connections, result, bookings, (cpu1 - cpu0) * TICK_MS / (double) Math.max(1, bookings),
        creates.size() / Math.max(1e-3, (last - t0) / 1e6), lag, bookings - creates.size(), rss(pid),
        (written1 - written0) / 1024.0 / Math.max(1, bookings));
  }

  /** The NEF client alone: {@code n} creates of the adapter's body with unique devices, {@code inFlight} at once. */
  private static Baseline baseline(Vertx vertx, String url, JsonObject sample, int inFlight, int n) throws Exception {
    if (sample == null) {
      throw new IllegalStateException("no subscription was created: nothing to compare with");
    }
    NefClient client = new NefClient(vertx, NefConfig.fromJson(new JsonObject().put("url", url)
        .put("scsAsId", "qos-booking-adapter")), Main.newRegistry());
    AtomicInteger next = new AtomicInteger();
    AtomicLong failures = new AtomicLong();
    AtomicInteger workers = new AtomicInteger(inFlight);
    Promise<Void> done = Promise.promise();
    long cpu0 = cpuTicks(ProcessHandle.current().pid());
    long t0 = System.nanoTime();
    for (int i = 0; i < inFlight; i++) {
      vertx.runOnContext(v -> createNext(client, sample, n, next, failures, workers, done));
    }
    done.future().await();
    double seconds = (System.nanoTime() - t0) / 1e9;
    long cpu1 = cpuTicks(ProcessHandle.current().pid());
    client.close();
    return new Baseline(n, inFlight, seconds, (cpu1 - cpu0) * TICK_MS / (double) n, failures.get());
  }

  private static void createNext(NefClient client, JsonObject sample, int n, AtomicInteger next, AtomicLong failures,
      AtomicInteger workers, Promise<Void> done) {
    int i = next.getAndIncrement();
    if (i >= n) {
      if (workers.decrementAndGet() == 0) {
        done.tryComplete();
      }
      return;
    }
    JsonObject body = sample.copy();
    body.remove("self");
    body.remove("ueIpv4Addr");
    body.remove("ueIpv6Addr");
    body.put("gpsi", String.format("msisdn-3469%08d", i));
    client.create(body).onComplete(ar -> {
      if (ar.failed()) {
        failures.incrementAndGet();
      }
      createNext(client, sample, n, next, failures, workers, done);
    });
  }

  /** The requests: a unique phone number per booking; records its startTime once the booking is made. */
  private static final class Workload {

    private final WebClient client;
    private final String bearer;
    private final Duration lead;
    private final AtomicLong device = new AtomicLong();
    private final AtomicInteger reported = new AtomicInteger();

    Workload(WebClient client, String bearer, Duration lead) {
      this.client = client;
      this.bearer = bearer;
      this.lead = lead;
    }

    /** @param starts filled with gpsi -> startTime (epoch microseconds) of every booking made */
    LoadGenerator.Call call(String api, Map<String, Long> starts) {
      return () -> {
        String digits = String.format("3460%09d", device.incrementAndGet());
        Instant start = Instant.now().plus(lead).truncatedTo(ChronoUnit.MILLIS);
        JsonObject device = new JsonObject().put("phoneNumber", "+" + digits);
        JsonObject body = new JsonObject().put("qosProfile", "QOS_M").put("startTime", start.toString())
            .put("duration", 3600).put("serviceArea", new JsonObject().put("areaType", "CIRCLE")
                .put("center", new JsonObject().put("latitude", 40.4).put("longitude", -3.7)).put("radius", 500));
        Future<HttpResponse<Buffer>> answer;
        if (api.equals("QB")) {
          answer = post(QB, body.put("device", device)
              .put("applicationServer", new JsonObject().put("ipv4Address", "203.0.113.5")));
        } else {
          answer = post(QBA, body.put("numDevices", 1)).compose(r -> r.statusCode() != 201 ? Future.succeededFuture(r)
              : post(QBA + "/" + r.bodyAsJsonObject().getString("bookingId") + "/devices/assign",
                  new JsonObject().put("devices", new JsonArray().add(device))));
        }
        return answer.onSuccess(r -> {
          if (r.statusCode() == 201) {
            starts.put("msisdn-" + digits, start.toEpochMilli() * 1000);
          } else if (reported.getAndIncrement() < 3) {
            System.err.println(api + ": " + r.statusCode() + " " + r.bodyAsString());
          }
        });
      };
    }

    private Future<HttpResponse<Buffer>> post(String path, JsonObject body) {
      return client.post(path).putHeader("Authorization", bearer).sendJson(body);
    }
  }

  /** The simulator's create log, read incrementally over HTTP. */
  private static final class CreateLog {

    private final WebClient sim;
    private final Map<String, Long> created = new ConcurrentHashMap<>();
    private long seen;
    JsonObject sample;

    CreateLog(WebClient sim) {
      this.sim = sim;
    }

    /**
     * Polls until every device of {@code booked} has its subscription, or the time is up.
     *
     * @param booked gpsi -> startTime in epoch microseconds
     * @return [create time, startTime] in epoch microseconds for each device that has a subscription
     */
    List<long[]> await(Map<String, Long> booked, Duration max) throws InterruptedException {
      Map<String, Long> starts = Map.copyOf(booked);
      long deadline = System.nanoTime() + max.toNanos();
      while (true) {
        JsonObject page = sim.get(SimulatedNef.CREATES_PATH + "?from=" + seen).send()
            .map(HttpResponse::bodyAsJsonObject).await();
        sample = sample == null ? page.getJsonObject("sample") : sample;
        for (Object o : page.getJsonArray("creates")) {
          JsonArray c = (JsonArray) o;
          created.put(c.getString(1), c.getLong(0));
          seen++;
        }
        if (starts.keySet().stream().allMatch(created::containsKey) || System.nanoTime() > deadline) {
          break;
        }
        Thread.sleep(100);
      }
      return starts.keySet().stream().filter(created::containsKey).map(u -> new long[] {created.get(u), starts.get(u)})
          .toList();
    }
  }

  /** The standalone simulated NEF: {@code java -jar target/qos-booking-adapter.jar nef-sim}. */
  private record SimProcess(Process process, int port) implements AutoCloseable {

    static SimProcess start(Path dir, int port, Path scenario) throws Exception {
      Path out = dir.resolve("nef-sim.log");
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
          JarProcess.JAR.toAbsolutePath().toString(), "nef-sim", "--port", String.valueOf(port), "--scenario",
          scenario.toString()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!Files.readString(out).contains("nef-sim listening")) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          p.destroyForcibly();
          throw new IllegalStateException("nef-sim did not start: " + Files.readString(out));
        }
        Thread.sleep(100);
      }
      return new SimProcess(p, port);
    }

    String url() {
      return "http://127.0.0.1:" + port + SimulatedNef.BASE_PATH;
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      process.waitFor();
    }
  }

  /** @return utime + stime of a process, in clock ticks */
  static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /**
   * @return the bytes the process caused to be written to storage ({@code write_bytes} of /proc/PID/io): the store's
   *     page writes, load-independent unlike CPU time
   */
  static long writeBytes(long pid) throws IOException {
    return Files.readAllLines(Path.of("/proc/" + pid + "/io")).stream().filter(l -> l.startsWith("write_bytes:"))
        .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0L);
  }

  static long rss(long pid) throws IOException {
    return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
        .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).findFirst().orElse(0L);
  }

  static String markdown(Report r) {
    StringBuilder b = new StringBuilder(String.format("""
        Packaged jar (`nef.mode=remote`, embedded H2 file store, device directory `open`, rate limit lifted)
        against `nef-sim` in its own process; this JVM is the load generator (closed loop, %s per phase after
        a %s warm-up per API at the phase's connections, a unique phone number per booking, startTime = send time + %s, QOS_M, 1 h).
        QB: createBooking (/qos-booking/v0.2/device-qos-bookings); QBA: createBooking + assignDevices of 1 device
        (/qos-booking-and-assignment/v0.2). CPU: the adapter's utime+stime (/proc/PID/stat) from the phase's
        start until the NEF holds every booking's subscription; disk written: write_bytes of /proc/PID/io over the
        same span (the store's page writes). Lag: simulator's create time - startTime.
        Baseline: the NEF client alone (in this JVM) creating the same body with unique devices on the same
        simulator; its CPU is this JVM's.
        """, r.phase(), r.warmup(), r.lead()));
    for (Run run : r.runs()) {
      b.append(String.format("%n### %s%n%nload average before / after: %s / %s%n%n", run.setting().name(),
          run.loadBefore(), run.loadAfter()));
      b.append("| API | conns | bookings/s | p50 ms | p99 ms | errors | adapter CPU ms/booking | subs/s at NEF"
          + " | lag p50 / p99 / max ms | missing subs | RSS MiB | disk written KB/booking |\n"
          + "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|\n");
      for (Phase p : run.phases()) {
        b.append(String.format("| %s | %d | %.0f | %.1f | %.1f | %d | %.2f | %.0f | %.0f / %.0f / %.0f | %d | %.0f | %.1f |%n",
            p.api(), p.connections(), p.bookings() / p.load().seconds(), p.load().p(50), p.load().p(99),
            p.load().errors(), p.cpuMsPerBooking(), p.subscriptionsPerSecond(), ms(p.lag(), 50), ms(p.lag(), 99),
            p.lag().getMaxValue() / 1000.0, p.missing(), p.rssBytes() / 1048576.0, p.diskKbPerBooking()));
      }
      Baseline base = run.baseline();
      Phase top = run.phases().stream().filter(p -> p.api().equals("QB"))
          .max((x, y) -> Integer.compare(x.connections(), y.connections())).orElseThrow();
      b.append(String.format("""

          Baseline: NEF client alone, %d creates, %d in flight: %.0f subscriptions/s, %.2f ms CPU per subscription,
          %d failures. QB at %d connections / baseline: rate %.2f, CPU per booking %.1fx the client's per subscription.
          """, base.subscriptions(), base.inFlight(), base.rate(), base.cpuMsPerSubscription(), base.failures(),
          top.connections(), top.bookings() / top.load().seconds() / base.rate(),
          top.cpuMsPerBooking() / base.cpuMsPerSubscription()));
    }
    return b.toString();
  }

  private static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
  }
}
