package io.qosb.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.qosb.api.auth.AuthHandler;
import io.qosb.booking.CamaraException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Per API consumer token bucket: {@code ratePerSecond} refill, {@code burst} capacity. A request
 * over the limit gets 429 TOO_MANY_REQUESTS with {@code Retry-After}.
 */
public final class RateLimiter implements Handler<RoutingContext> {

  private final double ratePerNano;
  private final long burst;
  private final LongSupplier nanoTime;
  private final Cache<String, Bucket> buckets;

  /**
   * @param ratePerSecond sustained rate per consumer
   * @param burst bucket capacity
   * @param nanoTime monotonic clock, {@code System::nanoTime} in production
   */
  public RateLimiter(double ratePerSecond, long burst, LongSupplier nanoTime) {
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.buckets = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(10)).build();
  }

  @Override
  public void handle(RoutingContext rc) {
    String consumer = AuthHandler.caller(rc).clientId();
    long wait = buckets.get(consumer, k -> new Bucket(burst, nanoTime.getAsLong())).take(nanoTime.getAsLong());
    if (wait == 0) {
      rc.next();
      return;
    }
    rc.response().putHeader("Retry-After", Long.toString(Math.max(1, (long) Math.ceil(wait / 1e9))));
    rc.fail(new CamaraException(429, "TOO_MANY_REQUESTS", "Rate limit exceeded; retry after the time given in Retry-After."));
  }

  private final class Bucket {
    private double tokens;
    private long last;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.last = now;
    }

    /** @return 0 when a token was taken, else nanoseconds until one is available */
    synchronized long take(long now) {
      tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / ratePerNano);
    }
  }
}
