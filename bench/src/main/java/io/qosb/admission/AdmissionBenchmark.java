package io.qosb.admission;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qosb.admission.BenchData.Request;
import io.qosb.booking.Booking;
import io.qosb.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.SqlConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Admission decision time as the calendar fills: 1k, 10k and 100k existing bookings in one H2
 * database, the indexed decision ({@link CapacityAdmission#decide}: lock, index range scan of the
 * zone's claims, sweep) side by side with a naive scan of the same data ({@link NaiveScan}), each
 * decision in its own rolled-back transaction. Every naive decision is checked to agree with the
 * indexed one. See bench/README.md.
 *
 * <p>Arguments: {@code [--smoke] [--sizes 1000,10000,100000] [--out bench/RESULTS.md]}.
 */
public final class AdmissionBenchmark {

  /** One measured size. */
  record Row(int bookings, int indexedRuns, double indexedMedianMs, double indexedP90Ms, int naiveRuns,
      double naiveMedianMs, double naiveP90Ms, int refused) {

    double ratio() {
      return naiveMedianMs / indexedMedianMs;
    }
  }

  private static final RuntimeException ROLLBACK = new RuntimeException("rollback", null, false, false) {};


  private final Store store;
  private final CapacityAdmission admission;
  private final NaiveScan naive;
  private final BenchData data = new BenchData(42);
  private final BenchData queries = new BenchData(7);
  private int loaded;

  private AdmissionBenchmark(Vertx vertx, Store store, CapacityAdmission admission) {

    this.store = store;
    this.admission = admission;
    this.naive = new NaiveScan(admission.model());
  }

  public static void main(String[] args) throws Exception {
    boolean smoke = Arrays.asList(args).contains("--smoke");
    int[] sizes = Arrays.stream(option(args, "--sizes", smoke ? "50,200" : "1000,10000,100000").split(","))
        .mapToInt(Integer::parseInt).toArray();
    Path out = Path.of(option(args, "--out", smoke ? "target/bench-smoke.md" : "bench/RESULTS.md"));
    List<Row> rows = run(sizes, smoke);
    Files.createDirectories(out.toAbsolutePath().getParent());
    String section = BenchReport.markdown(rows, String.join(" ", args)).replaceFirst("^# Benchmark results\\s*", "");
    io.qosb.bench.Results.replaceSection(out, "admission", section);
    System.out.println(BenchReport.table(rows));
    System.out.println("written to " + out);
  }

  /** Loads each size in turn (cumulative) and measures; smoke: a few runs only. */
  static List<Row> run(int[] sizes, boolean smoke) {
    Vertx vertx = Vertx.vertx();
    try {
      Store store = Store.open(vertx, "h2:mem:bench_" + UUID.randomUUID().toString().replace("-", "")).await();
      CapacityModel model = BenchData.model();
      CapacityAdmission admission = CapacityAdmission.create(store, model,
          new CapacityMetrics(new SimpleMeterRegistry(), model)).await();
      AdmissionBenchmark bench = new AdmissionBenchmark(vertx, store, admission);
      List<Row> rows = new ArrayList<>();
      for (int size : sizes) {
        bench.loadUpTo(size);
        rows.add(bench.measure(size, smoke ? 20 : 300, smoke ? 5 : Math.max(15, 300_000 / size), rows.isEmpty()));
        System.out.println(BenchReport.line(rows.get(rows.size() - 1)));
      }
      store.close().await();
      return rows;
    } finally {
      vertx.close().await();
    }
  }

  private void loadUpTo(int size) {
    while (loaded < size) {
      int n = Math.min(500, size - loaded);
      List<Booking> batch = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        batch.add(BenchData.booking(data.next()));
      }
      store.bookings().inTransaction(List.of(), tx -> {
        SqlConnection conn = tx.unwrap(SqlConnection.class);
        Future<Void> chain = Future.succeededFuture();
        for (Booking b : batch) {
          chain = chain.compose(v -> tx.insertBooking(b)).compose(v -> admission.record(conn, b));
        }
        return chain;
      }).await();
      loaded += n;
    }
  }

  private Row measure(int size, int indexedRuns, int naiveRuns, boolean first) {
    System.gc();
    // JIT warm-up: long before the first size, short before the others
    int warmIndexed = first ? 10 * indexedRuns : indexedRuns;
    int warmNaive = Math.min(first ? 100 : 10, naiveRuns);
    for (int i = 0; i < warmIndexed; i++) {
      Request r = queries.next();
      time(conn -> decide(conn, r));
      if (i < warmNaive) {
        time(conn -> naive.decide(conn, r));
      }
    }
    double[] indexed = new double[indexedRuns];
    double[] scanned = new double[naiveRuns];
    int refused = 0;
    for (int i = 0; i < indexedRuns; i++) {
      Request r = queries.next();
      Timed t = time(conn -> decide(conn, r));
      indexed[i] = t.ms;
      refused += t.accepted ? 0 : 1;
      if (i < naiveRuns) {
        Timed s = time(conn -> naive.decide(conn, r));
        scanned[i] = s.ms;
        if (s.accepted != t.accepted) {
          throw new IllegalStateException("naive scan and index disagree on " + r);
        }
      }
    }
    return new Row(size, indexedRuns, BenchReport.percentile(indexed, 50), BenchReport.percentile(indexed, 90),
        naiveRuns, BenchReport.percentile(scanned, 50), BenchReport.percentile(scanned, 90), refused);
  }

  private Future<Boolean> decide(SqlConnection conn, Request r) {
    long start = r.start().toEpochMilli();
    return admission.decide(conn, r.profile(), r.devices(), start, start + r.seconds() * 1000,
        admission.model().zonesOf(r.area())).map(v -> v.decision().accepted());
  }

  private record Timed(double ms, boolean accepted) {
  }

  /** Runs one decision in a transaction that is rolled back, timing it end to end. */
  private Timed time(java.util.function.Function<SqlConnection, Future<Boolean>> decision) {
    boolean[] accepted = new boolean[1];
    long t0 = System.nanoTime();
    store.pool().withTransaction(conn -> decision.apply(conn)
            .compose(a -> {
              accepted[0] = a;
              return Future.<Void>failedFuture(ROLLBACK);
            }))
        .recover(e -> e == ROLLBACK ? Future.succeededFuture() : Future.failedFuture(e)).await();
    return new Timed((System.nanoTime() - t0) / 1e6, accepted[0]);
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
