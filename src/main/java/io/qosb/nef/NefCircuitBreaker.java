package io.qosb.nef;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A small consecutive-failure circuit breaker. Closed: every attempt passes. After
 * {@code failureThreshold} consecutive failures it opens and rejects attempts for
 * {@code resetTimeout}; then it lets exactly one probe through (half-open). The probe's success
 * closes it, its failure opens it again. Thread-safe: one client may serve several event loops.
 */
final class NefCircuitBreaker {

  enum State { CLOSED, OPEN, HALF_OPEN }

  private final int failureThreshold;
  private final long resetNanos;
  private final LongSupplier nanoClock;
  private State state = State.CLOSED;
  private int failures;
  private long openedAt;
  private boolean probeInFlight;

  NefCircuitBreaker(NefConfig.CircuitBreaker config, LongSupplier nanoClock) {
    this.failureThreshold = config.failureThreshold();
    this.resetNanos = config.resetTimeout().toNanos();
    this.nanoClock = Objects.requireNonNull(nanoClock);
  }

  NefCircuitBreaker(NefConfig.CircuitBreaker config) {
    this(config, System::nanoTime);
  }

  /** Whether an attempt may be made now; in half-open state only the first caller gets true. */
  synchronized boolean tryAcquire() {
    if (state == State.OPEN && nanoClock.getAsLong() - openedAt >= resetNanos) {
      state = State.HALF_OPEN;
      probeInFlight = false;
    }
    if (state == State.HALF_OPEN) {
      if (probeInFlight) {
        return false;
      }
      probeInFlight = true;
      return true;
    }
    return state == State.CLOSED;
  }

  /** The NEF answered (any status that is not an overload): close. */
  synchronized void onSuccess() {
    state = State.CLOSED;
    failures = 0;
    probeInFlight = false;
  }

  /** A failed attempt (5xx, 429, timeout, connection error). */
  synchronized void onFailure() {
    failures++;
    if (state == State.HALF_OPEN || failures >= failureThreshold) {
      state = State.OPEN;
      openedAt = nanoClock.getAsLong();
      probeInFlight = false;
    }
  }

  synchronized State state() {
    return state;
  }

  /** Time left until a probe is allowed, zero unless open. */
  synchronized Duration remainingOpen() {
    if (state != State.OPEN) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(Math.max(0, resetNanos - (nanoClock.getAsLong() - openedAt)));
  }
}
