package io.qosb.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.qosb.api.auth.AuthHandler;
import io.qosb.booking.CamaraException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (the API consumer, or the source address of NEF callbacks):
 * {@code ratePerSecond} refill, {@code burst} capacity. A request over the limit gets 429
 * TOO_MANY_REQUESTS with {@code Retry-After}.
 */
public final class RateLimiter implements Handler<RoutingContext> {

  private final double ratePerNano;
  private final long burst;
  private final LongSupplier nanoTime;
  private final Cache<String, Bucket> buckets;
  private final Function<RoutingContext, String> key;

  /**
   * A limit per API consumer, to run after authentication.
   *
   * @param ratePerSecond sustained rate per consumer
   * @param burst bucket capacity
   * @param nanoTime monotonic clock, {@code System::nanoTime} in production
   */
  public RateLimiter(double ratePerSecond, long burst, LongSupplier nanoTime) {
    this(ratePerSecond, burst, nanoTime, rc -> AuthHandler.caller(rc).clientId());
  }

  /**
   * A limit per source address (the peer of the TCP connection), for unauthenticated routes such as
   * the NEF callbacks.
   */
  public static RateLimiter perSourceAddress(double ratePerSecond, long burst, LongSupplier nanoTime) {
    return new RateLimiter(ratePerSecond, burst, nanoTime,
        rc -> rc.request().remoteAddress() == null ? "" : rc.request().remoteAddress().hostAddress());
  }

  private RateLimiter(double ratePerSecond, long burst, LongSupplier nanoTime, Function<RoutingContext, String> key) {
    this.key = key;
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.nanoTime = nanoTime;
    this.buckets = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(10)).build();
  }

  @Override
  public void handle(RoutingContext rc) {
    long wait = buckets.get(key.apply(rc), k -> new Bucket(burst, nanoTime.getAsLong())).take(nanoTime.getAsLong());
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
