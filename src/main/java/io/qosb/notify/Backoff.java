package io.qosb.notify;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter: attempt n waits between half and all of min(max, initial * 2^(n-1)). */
final class Backoff {

  private final Duration initial;
  private final Duration max;

  Backoff(Duration initial, Duration max) {
    this.initial = Objects.requireNonNull(initial);
    this.max = Objects.requireNonNull(max);
  }

  /** The delay after failed attempt {@code attempt} (1 for the first). */
  Duration after(int attempt) {
    long ceiling = ceiling(attempt).toMillis();
    long half = ceiling / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
  }

  /** The largest delay after the attempt, without jitter. */
  Duration ceiling(int attempt) {
    int doublings = Math.max(0, Math.min(attempt - 1, 30));
    long ms = initial.toMillis() << doublings;
    return ms <= 0 || ms > max.toMillis() ? max : Duration.ofMillis(ms);
  }
}
