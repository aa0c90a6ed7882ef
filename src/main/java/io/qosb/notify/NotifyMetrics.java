package io.qosb.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The notifier's meters; tag values come from enums only. */
final class NotifyMetrics {

  static final String PRODUCED = "qosb.events.produced";
  static final String DELIVERIES = "qosb.events.deliveries";
  static final String DURATION = "qosb.events.delivery.duration";
  static final String BACKLOG = "qosb.outbox.backlog";
  static final String OLDEST_AGE = "qosb.outbox.oldest.age";
  static final String DEAD_LETTERS = "qosb.events.dead.letters";
  static final String LAG = "qosb.notify.delivery.lag";
  /** Buckets of the lag histogram, from a prompt delivery to notify.maxAge's default. */
  private static final Duration[] LAG_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1),
      Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(6), Duration.ofHours(24)};

  /** How an attempt ended. */
  enum Outcome { DELIVERED, RETRY, GONE, DEAD_LETTER, EXPIRED_CREDENTIAL }

  private final Map<EventType, Counter> produced = new EnumMap<>(EventType.class);
  private final Map<Outcome, Counter> deliveries = new EnumMap<>(Outcome.class);
  private final Map<Outcome, Timer> durations = new EnumMap<>(Outcome.class);
  private final Map<Outcome, Timer> lags = new EnumMap<>(Outcome.class);
  private final Counter deadLetters;
  private final AtomicLong backlog = new AtomicLong();
  private final AtomicLong oldestAgeMillis = new AtomicLong();

  NotifyMetrics(MeterRegistry registry) {
    for (EventType t : EventType.values()) {
      produced.put(t, Counter.builder(PRODUCED).description("Events written to the outbox")
          .tag("type", t.name().toLowerCase(Locale.ROOT)).register(registry));
    }
    for (Outcome o : Outcome.values()) {
      String tag = o.name().toLowerCase(Locale.ROOT);
      deliveries.put(o, Counter.builder(DELIVERIES).description("Delivery attempts by outcome").tag("outcome", tag)
          .register(registry));
      durations.put(o, Timer.builder(DURATION).description("Time of a delivery attempt").tag("outcome", tag)
          .register(registry));
      lags.put(o, Timer.builder(LAG).description("Time from an event's creation to the outcome of an attempt")
          .tag("outcome", tag).serviceLevelObjectives(LAG_BUCKETS).register(registry));
    }
    deadLetters = Counter.builder(DEAD_LETTERS).description("Events given up (dead letters)").register(registry);
    Gauge.builder(BACKLOG, backlog, AtomicLong::get).description("Events waiting for delivery").register(registry);
    Gauge.builder(OLDEST_AGE, oldestAgeMillis, a -> a.get() / 1000.0).baseUnit("seconds")
        .description("Age of the oldest event waiting for delivery").register(registry);
  }

  void produced(EventType type) {
    produced.get(type).increment();
  }

  /**
   * Counts an attempt's outcome.
   *
   * @param took how long the attempt took, or null if it was not made (not timed)
   */
  void attempt(Outcome outcome, Duration took) {
    deliveries.get(outcome).increment();
    if (took != null) {
      durations.get(outcome).record(took);
    }
    if (outcome == Outcome.DEAD_LETTER) {
      deadLetters.increment();
    }
  }

  /** Records the lag of an outcome: the time from the event's creation to the outcome (issue 15 item 5). */
  void lag(Outcome outcome, Duration sinceCreated) {
    lags.get(outcome).record(sinceCreated.isNegative() ? Duration.ZERO : sinceCreated);
  }

  void backlog(long count, Duration oldestAge) {
    backlog.set(count);
    oldestAgeMillis.set(oldestAge == null ? 0 : oldestAge.toMillis());
  }
}
