package io.qosb.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.qosb.booking.BookingState;
import io.qosb.store.SqlBookingRepository;
import io.vertx.core.Vertx;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauge {@code qosb.bookings{state}}: bookings in the shared store by engine state, refreshed
 * periodically from the store (every replica reports the same figure; dashboards take the max).
 */
final class BookingGauges {

  private static final Logger LOG = LoggerFactory.getLogger(BookingGauges.class);

  private final Map<BookingState, AtomicLong> values = new EnumMap<>(BookingState.class);

  BookingGauges(MeterRegistry registry) {
    for (BookingState s : BookingState.values()) {
      AtomicLong v = new AtomicLong();
      values.put(s, v);
      Gauge.builder("qosb.bookings", v, AtomicLong::get).description("Bookings in the store by state")
          .tag("state", s.name()).register(registry);
    }
  }

  /** Refreshes now and then every {@code periodMs}; returns the timer id. */
  long start(Vertx vertx, SqlBookingRepository repo, long periodMs) {
    refresh(repo);
    return vertx.setPeriodic(periodMs, id -> refresh(repo));
  }

  private void refresh(SqlBookingRepository repo) {
    repo.countByState().onSuccess(counts -> values.forEach((state, v) -> v.set(counts.getOrDefault(state.name(), 0L))))
        .onFailure(e -> LOG.warn("booking counts not refreshed [reason: {}]", e.getMessage()));
  }
}
