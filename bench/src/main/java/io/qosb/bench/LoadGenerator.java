package io.qosb.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Drives an HTTP target with Vert.x WebClient and records latencies in an HdrHistogram: closed loop
 * (fixed concurrency, as fast as answers come) or open loop (fixed request rate, latency measured
 * from the intended send time so queueing counts). Both stop by themselves after the given time.
 */
public final class LoadGenerator {

  /** One request of the workload; returns the response future. */
  public interface Call extends Supplier<Future<HttpResponse<Buffer>>> {
  }

  /**
   * @param operation name of the workload
   * @param requests completed requests
   * @param errors requests that failed or answered an unexpected status
   * @param seconds measured time
   * @param histogram latencies in microseconds
   */
  public record Result(String operation, long requests, long errors, double seconds, Histogram histogram) {

    public double rps() {
      return requests / seconds;
    }

    public double p(double percentile) {
      return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    @Override
    public String toString() {
      return String.format("%-24s %9.0f req/s  p50 %7.2f ms  p99 %7.2f ms  p99.9 %7.2f ms  errors %d",
          operation, rps(), p(50), p(99), p(99.9), errors);
    }
  }

  private final Vertx vertx;

  public LoadGenerator(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Closed loop: {@code concurrency} requests in flight for {@code duration}. */
  public Result closed(String operation, int concurrency, Duration duration, int expectedStatus, Call call) {
    Histogram histogram = new Histogram(60_000_000L, 3);
    AtomicLong errors = new AtomicLong();
    long end = System.nanoTime() + duration.toNanos();
    long start = System.nanoTime();
    Promise<Void> done = Promise.promise();
    AtomicLong running = new AtomicLong(concurrency);
    vertx.runOnContext(v -> {
      for (int i = 0; i < concurrency; i++) {
        loop(call, expectedStatus, end, histogram, errors, running, done);
      }
    });
    done.future().await();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(operation, histogram.getTotalCount(), errors.get(), seconds, histogram);
  }

  private void loop(Call call, int expected, long end, Histogram h, AtomicLong errors, AtomicLong running,
      Promise<Void> done) {
    if (System.nanoTime() >= end) {
      if (running.decrementAndGet() == 0) {
        done.complete();
      }
      return;
    }
    long t0 = System.nanoTime();
    call.get().onComplete(ar -> {
      record(h, errors, ar.succeeded() ? ar.result().statusCode() : -1, expected, t0, System.nanoTime());
      loop(call, expected, end, h, errors, running, done);
    });
  }

  /** Open loop: one request every {@code 1/rate} seconds for {@code duration}, whatever the answers. */
  public Result open(String operation, double rate, Duration duration, int expectedStatus, Call call) {
    Histogram histogram = new Histogram(60_000_000L, 3);
    AtomicLong errors = new AtomicLong();
    long total = Math.max(1, (long) (rate * duration.toNanos() / 1e9));
    double intervalNanos = 1e9 / rate;
    long start = System.nanoTime();
    AtomicLong completed = new AtomicLong();
    AtomicLong sent = new AtomicLong();
    Promise<Void> done = Promise.promise();
    long timer = vertx.setPeriodic(1, id -> {
      long due = (long) ((System.nanoTime() - start) / intervalNanos);
      while (sent.get() < Math.min(due, total)) {
        long intended = start + (long) (sent.getAndIncrement() * intervalNanos);
        call.get().onComplete(ar -> {
          record(histogram, errors, ar.succeeded() ? ar.result().statusCode() : -1, expectedStatus, intended,
              System.nanoTime());
          if (completed.incrementAndGet() == total) {
            done.complete();
          }
        });
      }
    });
    done.future().await();
    vertx.cancelTimer(timer);
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(operation, histogram.getTotalCount(), errors.get(), seconds, histogram);
  }

  private static void record(Histogram h, AtomicLong errors, int status, int expected, long t0, long t1) {
    if (status != expected) {
      errors.incrementAndGet();
    }
    h.recordValue(Math.max(1, Math.min(60_000_000L, (t1 - t0) / 1000)));
  }
}
