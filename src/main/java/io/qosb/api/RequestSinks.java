package io.qosb.api;

import io.qosb.booking.SinkCredential;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.function.Supplier;

/**
 * The sink and credential given with the current {@code releaseDevices} request, for the notifier
 * (SPEC-NOTES §A-22: the release event goes to the sink of the release request). The engine does not
 * hand that sink to the repository, so the handler runs the engine call on a duplicated Vert.x
 * context of its own that carries it; the notifier reads it when the transaction starts. When it is
 * absent the notifier falls back to the sink of the assignment, then of the booking.
 */
public final class RequestSinks {

  /**
   * @param sink the sink of the request
   * @param credential its credential, or null
   */
  public record Given(String sink, SinkCredential credential) {
  }

  private static final Object KEY = new Object();

  private RequestSinks() {
  }

  /** Runs the work on a context that carries the given sink; without a sink, as it is. */
  static <T> Future<T> during(Given given, Supplier<Future<T>> work) {
    Context current = Vertx.currentContext();
    if (given == null || !(current instanceof ContextInternal internal)) {
      return work.get();
    }
    ContextInternal carrier = internal.duplicate();
    carrier.putLocal(KEY, given);
    Promise<T> result = carrier.promise();
    carrier.runOnContext(v -> {
      try {
        work.get().onComplete(result);
      } catch (RuntimeException e) {
        result.fail(e);
      }
    });
    return result.future();
  }

  /** @return the sink given with the request being handled on this context, or null */
  public static Given current() {
    return Vertx.currentContext() instanceof ContextInternal internal ? internal.getLocal(KEY) : null;
  }
}
