package io.qosb.nef.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Decides, per request, the added latency and whether it fails: scripted faults first, in order,
 * then the random failure rate. One seeded {@link Random} makes a run reproducible for a given
 * request order.
 */
final class FaultInjector {

  /** What to do with one request. */
  record Decision(long delayMillis, int status, Optional<String> retryAfter, Optional<String> cause) {
    boolean fails() {
      return status != 0;
    }
  }

  private final Scenario scenario;
  private final Random random;
  private final List<int[]> remaining = new ArrayList<>();

  FaultInjector(Scenario scenario) {
    this.scenario = scenario;
    this.random = new Random(scenario.seed());
    for (Fault fault : scenario.faults()) {
      remaining.add(new int[] {fault.count()});
    }
  }

  synchronized Decision decide(SimOperation operation) {
    long latency = latency();
    List<Fault> faults = scenario.faults();
    for (int i = 0; i < faults.size(); i++) {
      Fault fault = faults.get(i);
      if (remaining.get(i)[0] > 0 && fault.matches(operation)) {
        remaining.get(i)[0]--;
        return new Decision(latency + fault.delay().toMillis(), fault.status(), fault.retryAfter(), fault.cause());
      }
    }
    if (scenario.failureRate() > 0 && random.nextDouble() < scenario.failureRate()) {
      return new Decision(latency, scenario.failureStatus(), Optional.empty(), Optional.empty());
    }
    return new Decision(latency, 0, Optional.empty(), Optional.empty());
  }

  private long latency() {
    Duration min = scenario.latency().min();
    long spread = scenario.latency().max().toMillis() - min.toMillis();
    return min.toMillis() + (spread <= 0 ? 0 : (long) (random.nextDouble() * (spread + 1)));
  }
}
