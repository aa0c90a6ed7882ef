package io.qosb.nef;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failed NEF call: what went wrong ({@link #outcome()}), the HTTP status if the NEF answered, and
 * the TS 29.122 ProblemDetails {@code cause}, {@code title} and {@code detail} when it sent them.
 */
public final class NefException extends RuntimeException {

  private final NefOperation operation;
  private final NefOutcome outcome;
  private final int status;
  private final String problemCause;
  private final String detail;
  private final Duration retryAfter;
  private final boolean retryable;

  private NefException(Builder b, Throwable cause) {
    super(b.message(), cause, false, false);
    this.operation = b.operation;
    this.outcome = b.outcome;
    this.status = b.status;
    this.problemCause = b.problemCause;
    this.detail = b.detail;
    this.retryAfter = b.retryAfter;
    this.retryable = b.retryable;
  }

  /**
   * A failure from an HTTP answer; 4xx except 408/429 are not retryable.
   *
   * @param problem the parsed ProblemDetails body, may be null
   * @param retryAfter the parsed Retry-After, may be null
   */
  public static NefException fromStatus(NefOperation operation, int status, JsonObject problem, Duration retryAfter) {
    Builder b = new Builder(operation, status >= 500 ? NefOutcome.SERVER_ERROR : NefOutcome.CLIENT_ERROR);
    b.status = status;
    b.retryAfter = retryAfter;
    b.retryable = status >= 500 || status == 429 || status == 408;
    if (problem != null) {
      b.problemCause = stringOrNull(problem.getValue("cause"));
      b.detail = stringOrNull(problem.getValue("detail"));
      if (b.detail == null) {
        b.detail = stringOrNull(problem.getValue("title"));
      }
    }
    return new NefException(b, null);
  }

  /** A failure without an HTTP answer: timeout, connection error or open circuit. */
  public static NefException withoutResponse(NefOperation operation, NefOutcome outcome, String detail, Throwable cause) {
    Builder b = new Builder(operation, outcome);
    b.detail = detail;
    b.retryable = outcome == NefOutcome.TIMEOUT || outcome == NefOutcome.CONNECTION_ERROR;
    return new NefException(b, cause);
  }

  /** An answer that breaks the protocol (e.g. 201 without Location nor self); never retried. */
  public static NefException protocolViolation(NefOperation operation, int status, String detail) {
    Builder b = new Builder(operation, NefOutcome.SERVER_ERROR);
    b.status = status;
    b.detail = detail;
    return new NefException(b, null);
  }

  public NefOperation operation() {
    return operation;
  }

  public NefOutcome outcome() {
    return outcome;
  }

  /** The HTTP status, or 0 when the NEF did not answer. */
  public int status() {
    return status;
  }

  /** ProblemDetails {@code cause}, e.g. {@code REQUESTED_SERVICE_NOT_AUTHORIZED}. */
  public Optional<String> problemCause() {
    return Optional.ofNullable(problemCause);
  }

  /** ProblemDetails {@code detail} (or {@code title}), or a description of the failure. */
  public Optional<String> detail() {
    return Optional.ofNullable(detail);
  }

  /** The NEF's Retry-After, when it sent one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** Whether another attempt may succeed (5xx, 408, 429, timeout, connection error). */
  public boolean isRetryable() {
    return retryable;
  }

  private static String stringOrNull(Object value) {
    return value instanceof String ? (String) value : null;
  }

  private static final class Builder {
    private final NefOperation operation;
    private final NefOutcome outcome;
    private int status;
    private String problemCause;
    private String detail;
    private Duration retryAfter;
    private boolean retryable;

    Builder(NefOperation operation, NefOutcome outcome) {
      this.operation = Objects.requireNonNull(operation);
      this.outcome = Objects.requireNonNull(outcome);
    }

    String message() {
      StringBuilder m = new StringBuilder("nef ").append(operation.tag()).append(" failed: ").append(outcome.tag());
      if (status > 0) {
        m.append(' ').append(status);
      }
      if (problemCause != null) {
        m.append(" [cause: ").append(problemCause).append(']');
      }
      if (detail != null) {
        m.append(' ').append(detail);
      }
      return m.toString();
    }
  }
}
