package io.qosb.nef.sim;

import io.qosb.nef.ConfigValues;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A scripted fault: the next {@code count} requests of {@code operation} are answered with
 * {@code status} after {@code delay}. Scripted faults apply in file order before the random ones.
 *
 * @param operation which requests it hits ({@code any} for all)
 * @param status the error status, 400-599; 0 only delays the request, which is then served
 * @param count how many requests it hits (1)
 * @param delay added before answering (PT0S); longer than the client timeout means a timeout
 * @param retryAfter the Retry-After header value to send, if any (e.g. {@code "1"})
 * @param cause ProblemDetails {@code cause} to send, if any
 */
public record Fault(SimOperation operation, int status, int count, Duration delay, Optional<String> retryAfter,
    Optional<String> cause) {

  public Fault {
    Objects.requireNonNull(operation);
    Objects.requireNonNull(delay);
    Objects.requireNonNull(retryAfter);
    Objects.requireNonNull(cause);
  }

  static Fault parse(ConfigValues values) {
    int status = values.integer("status", 0, 0, 599);
    if (status != 0 && status < 400) {
      throw values.invalid("status", "must be 0 (delay only) or between 400 and 599", status);
    }
    Duration delay = values.duration("delay", Duration.ZERO, true);
    if (status == 0 && delay.isZero()) {
      throw values.invalid("status", "is required unless a delay is given", "null");
    }
    return new Fault(
        values.enumValue("operation", SimOperation.class, SimOperation.ANY),
        status,
        values.integer("count", 1, 1, 1_000_000),
        delay,
        Optional.ofNullable(values.string("retryAfter", null)),
        Optional.ofNullable(values.string("cause", null)));
  }

  boolean matches(SimOperation requested) {
    return operation == SimOperation.ANY || operation == requested;
  }
}
