package io.qosb.bench;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.qosb.ops.AdapterVerticle;
import io.qosb.ops.Main;
import io.qosb.ops.TokenCommand;
import io.qosb.store.StoreUrl;
import io.qosb.testing.JarProcess;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.h2.engine.Database;
import org.h2.engine.SessionLocal;
import org.h2.index.Index;
import org.h2.jdbc.JdbcConnection;
import org.h2.table.Table;

/**
 * Footprint: heap and RSS of an adapter on the embedded H2 store before and after storing N bookings
 * with 10 devices each (through the API), bytes per booking, store size on disk; and the startup
 * time of the packaged jar to ready, against the same JVM's bare start (java -version) as baseline.
 *
 * <p>Run: {@code bench/run FootprintBenchmark [--bookings 100000]}.
 */
public final class FootprintBenchmark {

  /** What one run measured. */
  public record Report(int bookings, long heapBefore, long heapAfter, long rssBefore, long rssAfter, long diskBytes,
      double seconds, double startupSeconds, double jvmSeconds, long closedDiskBytes, double cpuSeconds,
      String tables, double closeSeconds, String idle) {

    double heapPerBooking() {
      return (heapAfter - heapBefore) / (double) bookings;
    }

    double rssPerBooking() {
      return (rssAfter - rssBefore) / (double) bookings;
    }
  }

  public static void main(String[] args) throws Exception {
    int bookings = Integer.parseInt(ApiThroughputBenchmark.option(args, "--bookings", "100000"));
    String urlOptions = ApiThroughputBenchmark.option(args, "--h2-options", "");
    boolean write = Boolean.parseBoolean(ApiThroughputBenchmark.option(args, "--write", "true"));
    boolean startup = Boolean.parseBoolean(ApiThroughputBenchmark.option(args, "--startup", "true"));
    int idleSeconds = Integer.parseInt(ApiThroughputBenchmark.option(args, "--idle-seconds", "0"));
    Path dir = Files.createTempDirectory("qosb-footprint");
    Report r;
    try {
      r = run(bookings, dir, startup, urlOptions, idleSeconds);
    } finally {
      deleteTree(dir);
    }
    String body = markdown(r);
    System.out.println(body);
    if (write) {
      Results.write("footprint", "Footprint and startup", "bench/run FootprintBenchmark --bookings " + bookings
          + (urlOptions.isEmpty() ? "" : " --h2-options '" + urlOptions + "'"), body);
    }
    System.exit(0);
  }

  /** @param startup also time the packaged jar's startup (needs target/qos-booking-adapter.jar) */
  public static Report run(int bookings, Path dir, boolean startup) throws Exception {
    return run(bookings, dir, startup, "", 0);
  }

  /**
   * @param urlOptions appended to the H2 store URL (e.g. {@code ;COMPRESS=TRUE}), to compare H2 settings
   * @param idleSeconds how long the adapter stays open without load after the fill, the store's size
   *     sampled every 5 s (what H2's background compaction does on an idle server)
   */
  public static Report run(int bookings, Path dir, boolean startup, String urlOptions, int idleSeconds)
      throws Exception {
    PrometheusMeterRegistry registry = Main.newRegistry();
    Vertx vertx = Main.newVertx(registry);
    String storeUrl = "h2:file:" + dir.resolve("qosb").toAbsolutePath() + urlOptions;
    long disk;
    double seconds;
    long heapBefore;
    long heapAfter;
    long rssBefore;
    long rssAfter;
    double cpu;
    String tables;
    StringBuilder idle = new StringBuilder();
    double closeSeconds;
    try {
      AdapterVerticle adapter = Main.start(vertx, null, Map.of("QOSB_HTTP_HOST", "127.0.0.1", "QOSB_HTTP_PORT", "0",
          "QOSB_STORE_URL", storeUrl, "QOSB_DEVICES_DIRECTORY", "open",
          "QOSB_RATE_LIMIT_RATE_PER_SECOND", "1000000000", "QOSB_RATE_LIMIT_BURST", "1000000000",
          "QOSB_BOOKING_MAX_OPEN_PER_CONSUMER", "1000000000"),
          registry, Clock.systemUTC()).await();
      heapBefore = heap();
      rssBefore = rss();
      long t0 = System.nanoTime();
      long cpu0 = cpuNanos();
      fill(vertx, adapter.actualPort(), bookings);
      cpu = (cpuNanos() - cpu0) / 1e9;
      seconds = (System.nanoTime() - t0) / 1e9;
      heapAfter = heap();
      rssAfter = rss();
      disk = size(dir);
      tables = tables(StoreUrl.parse(storeUrl).target(), bookings);
      for (int s = 5; s <= idleSeconds; s += 5) {
        Thread.sleep(5_000);
        idle.append(String.format("%s%d s: %.0f", idle.length() == 0 ? "" : ", ", s, size(dir) / (double) bookings));
      }
    } finally {
      long c0 = System.nanoTime();
      vertx.close().await();
      closeSeconds = (System.nanoTime() - c0) / 1e9;
    }
    long closed = size(dir);
    double[] start = startup ? startup(dir) : new double[] {0, 0};
    return new Report(bookings, heapBefore, heapAfter, rssBefore, rssAfter, disk, seconds, start[0], start[1], closed,
        cpu, tables, closeSeconds, idle.toString());
  }

  /**
   * Where the bytes go: each table's and index's pages on disk (H2's own accounting, what
   * {@code DISK_SPACE_USED} sums per table), per booking, with the row counts.
   */
  private static String tables(String jdbcUrl, int bookings) throws SQLException {
    StringBuilder out = new StringBuilder("| table / index | rows | bytes per booking |\n|---|---:|---:|\n");
    try (Connection c = DriverManager.getConnection(jdbcUrl)) {
      Database db = ((SessionLocal) c.unwrap(JdbcConnection.class).getSession()).getDatabase();
      List<Table> all = new ArrayList<>(db.getSchema("PUBLIC").getAllTablesAndViews(null));
      all.sort(Comparator.comparing(Table::getName));
      for (Table t : all) {
        long rows;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"" + t.getName() + "\"")) {
          rs.next();
          rows = rs.getLong(1);
        }
        out.append(String.format("| %s | %d | %.0f |%n", t.getName().toLowerCase(), rows,
            t.getDiskSpaceUsed(true, false) / (double) bookings));
        for (Index i : t.getIndexes()) {
          out.append(String.format("| &nbsp; %s | | %.0f |%n", i.getName().toLowerCase(),
              i.getDiskSpaceUsed(false) / (double) bookings));
        }
      }
    }
    return out.toString();
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static void fill(Vertx vertx, int port, int bookings) {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    String bearer = "Bearer " + token();
    AtomicLong next = new AtomicLong();
    AtomicLong device = new AtomicLong();
    Promise<Void> done = Promise.promise();
    AtomicLong workers = new AtomicLong(16);
    for (int w = 0; w < 16; w++) {
      vertx.runOnContext(v -> one(client, bearer, next, device, bookings, workers, done));
    }
    done.future().await();
  }

  private static void one(WebClient client, String bearer, AtomicLong next, AtomicLong device, int bookings,
      AtomicLong workers, Promise<Void> done) {
    long n = next.getAndIncrement();
    if (n >= bookings) {
      if (workers.decrementAndGet() == 0) {
        done.tryComplete();
      }
      return;
    }
    JsonObject booking = new JsonObject().put("qosProfile", "QOS_M")
        .put("startTime", Instant.now().plusSeconds(86_400 + (n % 300) * 3600).toString()).put("duration", 3600)
        .put("numDevices", 10).put("serviceArea", new JsonObject().put("areaType", "CIRCLE")
            .put("center", new JsonObject().put("latitude", 40 + (n % 100) / 100.0).put("longitude", -3.7)).put("radius", 500));
    client.post("/qos-booking-and-assignment/v0.2/qos-bookings").putHeader("Authorization", bearer).sendJson(booking)
        .compose(r -> {
          if (r.statusCode() != 201) {
            return Future.failedFuture("createBooking " + r.statusCode() + " " + r.bodyAsString());
          }
          JsonArray devices = new JsonArray();
          for (int i = 0; i < 10; i++) {
            devices.add(new JsonObject().put("phoneNumber", String.format("+3462%08d", device.incrementAndGet())));
          }
          return client.post("/qos-booking-and-assignment/v0.2/qos-bookings/" + r.bodyAsJsonObject().getString("bookingId")
              + "/devices/assign").putHeader("Authorization", bearer).sendJson(new JsonObject().put("devices", devices));
        })
        .onSuccess(r -> {
          if (r.statusCode() != 201) {
            done.tryFail("assignDevices " + r.statusCode() + " " + r.bodyAsString());
          } else {
            one(client, bearer, next, device, bookings, workers, done);
          }
        })
        .onFailure(done::tryFail);
  }

  /** @return seconds to ready of the packaged jar on a copy of the filled store, and of a bare JVM start */
  private static double[] startup(Path dir) throws Exception {
    long t0 = System.nanoTime();
    new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    double jvm = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    try (JarProcess p = JarProcess.start(dir, Map.of("QOSB_STORE_URL", "h2:file:" + dir.resolve("fresh").toAbsolutePath()))) {
      return new double[] {(System.nanoTime() - t1) / 1e9, jvm};
    }
  }

  /** The store of a 100k run takes gigabytes: never leave it behind. */
  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  private static long heap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long rss() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
        .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).findFirst().orElse(0L);
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static String token() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TokenCommand.run(new String[] {"--client", "footprint", "--scope", "all", "--ttl", "PT12H"}, Map.of(),
        new PrintStream(out), System.err);
    return out.toString().trim();
  }

  static String markdown(Report r) {
    return String.format("""
        %d bookings of 10 devices each stored through the API (createBooking + assignDevices) in %.0f s (%.0f bookings/s),
        embedded H2 file store, adapter and client in one JVM (-Xmx4g).

        | measure | before | after | per booking |
        |---|---|---|---|
        | heap used (after full GC) | %.1f MiB | %.1f MiB | %.0f bytes |
        | process RSS | %.1f MiB | %.1f MiB | %.0f bytes |
        | store on disk | | %.1f MiB | %.0f bytes |
        | store on disk after close | | %.1f MiB | %.0f bytes |

        Closing the adapter (store closed, H2's compaction at close included): %.2f s.
        Store on disk per booking while open and idle after the fill (bytes): %s.

        CPU of the process (adapter and load client) while storing: %.2f ms per booking.

        %s
        """, r.bookings(), r.seconds(), r.bookings() / r.seconds(), mib(r.heapBefore()), mib(r.heapAfter()),
        r.heapPerBooking(), mib(r.rssBefore()), mib(r.rssAfter()), r.rssPerBooking(), mib(r.diskBytes()),
        r.diskBytes() / (double) r.bookings(), mib(r.closedDiskBytes()), r.closedDiskBytes() / (double) r.bookings(),
        r.closeSeconds(), r.idle().isEmpty() ? "not sampled" : r.idle(), r.cpuSeconds() * 1000 / r.bookings(), r.tables())
        + (r.startupSeconds() == 0 ? "" : String.format("""

        | startup | seconds |
        |---|---|
        | packaged jar to /health/ready (fresh store) | %.2f |
        | baseline: bare JVM start (`java -version`) | %.2f |
        | ratio | %.1f |
        """, r.startupSeconds(), r.jvmSeconds(), r.startupSeconds() / r.jvmSeconds()));
  }

  private static double mib(long bytes) {
    return bytes / 1048576.0;
  }

}
