package io.qosb.nef;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;

/**
 * The NEF client's meters: {@value #METER_REQUESTS} (one count per attempt, tagged
 * {@code operation} and {@code outcome}) and {@value #METER_DURATION} (attempt latency, tagged
 * {@code operation}). Tag values come only from {@link NefOperation} and {@link NefOutcome}.
 */
public final class NefMetrics {

  public static final String METER_REQUESTS = "qosb.nef.requests";
  public static final String METER_DURATION = "qosb.nef.request.duration";
  public static final String TAG_OPERATION = "operation";
  public static final String TAG_OUTCOME = "outcome";

  private final MeterRegistry registry;

  /**
   * @throws NullPointerException if registry is null
   */
  public NefMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry);
  }

  /** Starts timing one attempt. */
  public Timer.Sample start() {
    return Timer.start(registry);
  }

  /** Records the end of an attempt started with {@link #start()}. */
  public void record(NefOperation operation, NefOutcome outcome, Timer.Sample sample) {
    sample.stop(Timer.builder(METER_DURATION)
        .description("duration of NEF HTTP attempts")
        .tag(TAG_OPERATION, operation.tag())
        .register(registry));
    count(operation, outcome);
  }

  /** Counts a call that made no HTTP attempt (open circuit). */
  public void count(NefOperation operation, NefOutcome outcome) {
    Counter.builder(METER_REQUESTS)
        .description("NEF HTTP attempts by operation and outcome")
        .tag(TAG_OPERATION, operation.tag())
        .tag(TAG_OUTCOME, outcome.tag())
        .register(registry)
        .increment();
  }
}
