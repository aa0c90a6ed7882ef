package io.qosb.schedule;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.qosb.booking.JobKind;
import io.qosb.store.ActivationStore;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of activation: {@value #METER_LAG} (time from a device's due activation to its
 * subscription being created), the gauges {@value #METER_ACTIVE}, {@value #METER_PENDING} and
 * {@value #METER_FAILED} (refreshed from the store after each run), and {@value #METER_RUNS} by job
 * {@code kind} and {@code result}. Tag values come only from enums.
 */
public final class ActivationMetrics {

  public static final String METER_LAG = "qosb.activation.lag";
  public static final String METER_ACTIVE = "qosb.nef.subscriptions.active";
  public static final String METER_PENDING = "qosb.jobs.pending";
  public static final String METER_FAILED = "qosb.jobs.failed";
  public static final String METER_RUNS = "qosb.jobs.runs";

  /** How one run of a job ended; the {@code result} tag. */
  public enum Result { DONE, RETRIED, FAILED }

  private final MeterRegistry registry;
  private final Timer lag;
  private final AtomicLong active = new AtomicLong();
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  /**
   * @throws NullPointerException if registry is null
   */
  public ActivationMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry);
    this.lag = Timer.builder(METER_LAG).description("delay from due time to created NEF subscription")
        .publishPercentileHistogram().register(registry);
    Gauge.builder(METER_ACTIVE, active, AtomicLong::get).description("NEF subscriptions recorded active").register(registry);
    Gauge.builder(METER_PENDING, pending, AtomicLong::get).description("jobs not done yet").register(registry);
    Gauge.builder(METER_FAILED, failed, AtomicLong::get).description("jobs given up").register(registry);
  }

  void lag(Duration d) {
    lag.record(d.isNegative() ? Duration.ZERO : d);
  }

  void run(JobKind kind, Result result) {
    Counter.builder(METER_RUNS).description("job runs by kind and result")
        .tag("kind", kind.name().toLowerCase(Locale.ROOT)).tag("result", result.name().toLowerCase(Locale.ROOT))
        .register(registry).increment();
  }

  void update(ActivationStore.Counts counts) {
    active.set(counts.activeSubscriptions());
    pending.set(counts.pendingJobs());
    failed.set(counts.failedJobs());
  }
}
