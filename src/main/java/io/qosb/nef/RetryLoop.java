package io.qosb.nef;

import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one NEF call as a bounded series of attempts: each attempt passes the circuit breaker, is
 * timed and counted, and a retryable failure (5xx, 408, 429, timeout, connection error) is retried
 * after an exponential backoff with full jitter, or after the NEF's Retry-After when that is not
 * longer than {@code retry.maxBackoff}. Waiting uses Vert.x timers, never a blocked thread.
 */
final class RetryLoop {

  private static final Logger LOG = LoggerFactory.getLogger(RetryLoop.class);

  private final Vertx vertx;
  private final NefConfig.Retry retry;
  private final NefCircuitBreaker breaker;
  private final NefMetrics metrics;
  private final Random random;

  RetryLoop(Vertx vertx, NefConfig.Retry retry, NefCircuitBreaker breaker, NefMetrics metrics, Random random) {
    this.vertx = Objects.requireNonNull(vertx);
    this.retry = Objects.requireNonNull(retry);
    this.breaker = Objects.requireNonNull(breaker);
    this.metrics = Objects.requireNonNull(metrics);
    this.random = Objects.requireNonNull(random);
  }

  /**
   * @param attempt makes one attempt; fails with a {@link NefException} for answers it rejects, or
   *     with the transport's exception
   */
  <T> Future<T> run(NefOperation operation, String target, Supplier<Future<T>> attempt) {
    return attempt(operation, target, attempt, 1);
  }

  private <T> Future<T> attempt(NefOperation operation, String target, Supplier<Future<T>> attempt, int number) {
    if (!breaker.tryAcquire()) {
      metrics.count(operation, NefOutcome.CIRCUIT_OPEN);
      return Future.failedFuture(NefException.withoutResponse(operation, NefOutcome.CIRCUIT_OPEN,
          "circuit open for " + breaker.remainingOpen().toMillis() + " ms", null));
    }
    Timer.Sample sample = metrics.start();
    return attempt.get().transform(ar -> {
      if (ar.succeeded()) {
        metrics.record(operation, NefOutcome.SUCCESS, sample);
        breaker.onSuccess();
        return Future.succeededFuture(ar.result());
      }
      NefException failure = classify(operation, ar.cause());
      metrics.record(operation, failure.outcome(), sample);
      if (!failure.isRetryable()) {
        breaker.onSuccess();
        return Future.failedFuture(failure);
      }
      breaker.onFailure();
      return retryOrFail(operation, target, attempt, number, failure);
    });
  }

  private <T> Future<T> retryOrFail(NefOperation operation, String target, Supplier<Future<T>> attempt, int number,
      NefException failure) {
    if (number >= retry.maxAttempts()) {
      LOG.warn("nef {} gave up after {} attempts [url: {}]: {}", operation.tag(), number, target, failure.getMessage());
      return Future.failedFuture(failure);
    }
    Duration delay = failure.retryAfter().orElseGet(() -> backoff(number));
    if (delay.compareTo(retry.maxBackoff()) > 0) {
      LOG.warn("nef {} not retried, retry-after {} exceeds max backoff [url: {}]", operation.tag(), delay, target);
      return Future.failedFuture(failure);
    }
    LOG.debug("nef {} attempt {} failed, retrying in {} ms [url: {}]: {}",
        operation.tag(), number, delay.toMillis(), target, failure.getMessage());
    return vertx.timer(Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS)
        .compose(v -> attempt(operation, target, attempt, number + 1));
  }

  /** Full jitter: uniform in [0, min(maxBackoff, initialBackoff * 2^(attempt-1))]. */
  Duration backoff(int attemptNumber) {
    long cap = retry.maxBackoff().toMillis();
    long base = retry.initialBackoff().toMillis() << Math.min(attemptNumber - 1, 20);
    long bound = Math.min(cap, base);
    return Duration.ofMillis(bound <= 0 ? 0 : (long) (random.nextDouble() * (bound + 1)));
  }

  static NefException classify(NefOperation operation, Throwable cause) {
    if (cause instanceof NefException) {
      return (NefException) cause;
    }
    if (cause instanceof TimeoutException) {
      return NefException.withoutResponse(operation, NefOutcome.TIMEOUT, cause.getMessage(), cause);
    }
    if (cause instanceof ConnectException || cause instanceof java.io.IOException || cause instanceof VertxException) {
      return NefException.withoutResponse(operation, NefOutcome.CONNECTION_ERROR, String.valueOf(cause.getMessage()), cause);
    }
    return NefException.withoutResponse(operation, NefOutcome.CONNECTION_ERROR, cause.toString(), cause);
  }
}
