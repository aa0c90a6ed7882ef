package io.qosb.notify;

import io.qosb.booking.OutboxEntry;
import io.qosb.notify.NotifyMetrics.Outcome;
import io.qosb.notify.OutboxStore.Final;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends outbox events. It keeps up to {@code notify.batchSize} deliveries in flight, at most one per
 * booking (which keeps each booking's events in order) and at most {@code notify.perHostConcurrency}
 * to the sinks of one host: whenever a slot is free (a delivery ended, a transaction appended events,
 * or every poll interval) it leases due events of hosts with a free slot, so that slow sinks hold only
 * their own host's slots and never the others' (issue 15 item 5). A failure is
 * retried with exponential backoff and jitter (or after the sink's Retry-After) until the event is
 * {@code notify.maxAge} old, then it goes to the dead letters. A sink answering 410 Gone gets
 * nothing more about that booking (other bookings with the same sink URL are not affected). An expired access token stops delivery of that event (recorded, never sent
 * without it). A worker that dies leaves leases that expire after {@code notify.lease}. Each outcome
 * records its lag, the time since the event was created ({@code qosb.notify.delivery.lag}).
 */
final class DeliveryWorker {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);
  private static final Duration HOUSEKEEPING = Duration.ofMinutes(10);

  private final Vertx vertx;
  private final OutboxStore store;
  private final SinkClient client;
  private final Authorizer authorizer;
  private final NotifyMetrics metrics;
  private final Clock clock;
  private final NotifyConfig config;
  private final Backoff backoff;
  private final String owner;
  private final Promise<Void> drained = Promise.promise();
  /** Deliveries under way, per sink host ({@link OutboxEntry#hostOf}); context thread only. */
  private final Map<String, Integer> perHost = new HashMap<>();
  private volatile Context context;
  private long timer = -1;
  private volatile boolean running;
  private boolean polling;
  private boolean again;
  private int inFlight;
  private Instant nextHousekeeping = Instant.MIN;

  DeliveryWorker(Vertx vertx, OutboxStore store, SinkClient client, Authorizer authorizer, NotifyMetrics metrics,
      Clock clock, NotifyConfig config, String owner) {
    this.vertx = Objects.requireNonNull(vertx);
    this.store = Objects.requireNonNull(store);
    this.client = Objects.requireNonNull(client);
    this.authorizer = Objects.requireNonNull(authorizer);
    this.metrics = Objects.requireNonNull(metrics);
    this.clock = Objects.requireNonNull(clock);
    this.config = Objects.requireNonNull(config);
    this.backoff = new Backoff(config.backoffInitial(), config.backoffMax());
    this.owner = Objects.requireNonNull(owner);
  }

  /** Starts polling; the timer runs on the caller's context. */
  void start() {
    context = vertx.getOrCreateContext();
    running = true;
    timer = vertx.setPeriodic(1, Math.max(1, config.pollInterval().toMillis()), id -> tick());
  }

  /** Polls now, e.g. because a transaction appended events (any thread). */
  void wake() {
    Context c = context;
    if (c != null) {
      c.runOnContext(v -> poll());
    }
  }

  /**
   * Stops claiming and completes when the claim and the deliveries under way have ended (each is
   * bounded by the request timeouts).
   */
  Future<Void> stop() {
    running = false;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    Context c = context;
    if (c == null) {
      return Future.succeededFuture();
    }
    c.runOnContext(v -> checkDrained());
    return drained.future();
  }

  private void checkDrained() {
    if (!running && !polling && inFlight == 0) {
      drained.tryComplete();
    }
  }

  private void tick() {
    poll();
    Instant now = clock.instant();
    store.backlog().onSuccess(b -> metrics.backlog(b.count(), b.oldest() == null ? null : Duration.between(b.oldest(), now)))
        .onFailure(e -> LOG.warn("outbox backlog not read [error: {}]", e.getMessage()));
    if (now.isAfter(nextHousekeeping)) {
      nextHousekeeping = now.plus(HOUSEKEEPING);
      store.purge(now.minus(config.retention())).onSuccess(n -> {
        if (n > 0) {
          LOG.info("finished outbox events purged [count: {}]", n);
        }
      });
    }
  }

  /** Fills the free delivery slots with due events (on the worker's context); one claim at a time. */
  private void poll() {
    if (!running) {
      return;
    }
    if (polling) {
      again = true;
      return;
    }
    int room = config.batchSize() - inFlight;
    if (room <= 0) {
      return; // the next delivery that ends polls again
    }
    polling = true;
    again = false;
    boolean[] more = {false};
    store.claim(owner, clock.instant(), config.lease(), room, busyHosts(), found -> choose(found, room, more))
        .onComplete(ar -> onContext(() -> {
          polling = false;
          if (ar.failed()) {
            LOG.warn("outbox poll failed [error: {}]", ar.cause().getMessage());
          } else {
            ar.result().forEach(this::launch);
          }
          checkDrained();
          // a full window may hide more due events; hosts filled by this claim are passed over next time
          if (ar.succeeded() && (again || more[0])) {
            poll();
          }
        }));
  }

  /** Hosts whose slots are all taken. */
  private Set<String> busyHosts() {
    Set<String> busy = new HashSet<>();
    perHost.forEach((host, n) -> {
      if (n >= config.perHostConcurrency()) {
        busy.add(host);
      }
    });
    return busy;
  }

  /** The candidates, in outbox order, that fit in the free slots of their host and of the worker. */
  private List<OutboxStore.Candidate> choose(List<OutboxStore.Candidate> found, int room, boolean[] more) {
    more[0] = found.size() >= room;
    Map<String, Integer> taken = new HashMap<>();
    List<OutboxStore.Candidate> chosen = new ArrayList<>();
    for (OutboxStore.Candidate c : found) {
      if (chosen.size() >= room) {
        break;
      }
      int used = perHost.getOrDefault(c.host(), 0) + taken.getOrDefault(c.host(), 0);
      if (used < config.perHostConcurrency()) {
        chosen.add(c);
        taken.merge(c.host(), 1, Integer::sum);
      }
    }
    return chosen;
  }

  /** Delivers a claimed event in its slot; when it ends, the slot is free and the worker claims more. */
  private void launch(OutboxEvent e) {
    String host = OutboxEntry.hostOf(e.sink());
    inFlight++;
    perHost.merge(host, 1, Integer::sum);
    deliver(e).onComplete(ar -> onContext(() -> {
      inFlight--;
      perHost.computeIfPresent(host, (h, n) -> n > 1 ? n - 1 : null);
      checkDrained();
      poll();
    }));
  }

  private void onContext(Runnable action) {
    Context c = context;
    if (c == null || Vertx.currentContext() == c) {
      action.run();
    } else {
      c.runOnContext(v -> action.run());
    }
  }

  /** One attempt at one event; never fails (failures are recorded on the event). */
  Future<Void> deliver(OutboxEvent e) {
    Instant started = clock.instant();
    if (started.isAfter(e.createdAt().plus(config.maxAge()))) {
      return deadLetter(e, "not delivered within notify.maxAge", started);
    }
    return store.isGone(e).compose(gone -> gone
            ? finish(e, Final.GONE, Outcome.GONE, "sink answered 410 Gone before", started)
            : attempt(e, started))
        .recover(err -> {
          LOG.warn("outbox event not processed, retried after its lease [eventId: {}, bookingId: {}, error: {}]",
              e.id(), e.bookingId(), err.getMessage());
          return Future.succeededFuture();
        });
  }

  private Future<Void> attempt(OutboxEvent e, Instant started) {
    Future<String> authorization;
    try {
      authorization = authorizer.authorization(e.credential(), e.owner());
    } catch (IllegalStateException unreadable) {
      authorization = Future.failedFuture(new Authorizer.UnusableCredential(unreadable.getMessage()));
    }
    return authorization.transform(auth -> {
      if (auth.failed()) {
        return refused(e, auth.cause(), started);
      }
      return client.send(e, auth.result()).transform(answer -> answer.succeeded()
          ? answered(e, answer.result(), started)
          : sendFailed(e, answer.cause(), started));
    });
  }

  private Future<Void> sendFailed(OutboxEvent e, Throwable cause, Instant started) {
    if (cause instanceof SinkGuard.Unresolved unresolved) {
      // a sink whose DNS fails is the consumer's to fix, and frequent: say so once per attempt
      LOG.warn("sink host not resolved, delivery attempt failed [eventId: {}, bookingId: {}, host: {}, reason: {}]",
          e.id(), e.bookingId(), unresolved.host, unresolved.getMessage());
    }
    return retry(e, null, "send failed: " + cause.getMessage(), started);
  }

  private Future<Void> refused(OutboxEvent e, Throwable cause, Instant started) {
    if (cause instanceof Authorizer.ExpiredCredential) {
      LOG.warn("sink credential expired, event not sent [eventId: {}, bookingId: {}]", e.id(), e.bookingId());
      return finish(e, Final.EXPIRED_CREDENTIAL, Outcome.EXPIRED_CREDENTIAL, cause.getMessage(), started);
    }
    if (cause instanceof Authorizer.UnusableCredential) {
      return deadLetter(e, cause.getMessage(), started);
    }
    return retry(e, null, "no access token: " + cause.getMessage(), started);
  }

  private Future<Void> answered(OutboxEvent e, SinkClient.Answer answer, Instant started) {
    if (answer.delivered()) {
      LOG.debug("event delivered [eventId: {}, bookingId: {}, attempts: {}]", e.id(), e.bookingId(), e.attempts());
      return finish(e, Final.DELIVERED, Outcome.DELIVERED, null, started);
    }
    if (answer.gone()) {
      LOG.warn("sink answered 410 Gone, nothing more is sent to it [eventId: {}, bookingId: {}]", e.id(), e.bookingId());
      return finish(e, Final.GONE, Outcome.GONE, "sink answered 410 Gone", started)
          .compose(v -> store.markGone(e, clock.instant()))
          .onSuccess(n -> {
            for (int i = 0; i < n; i++) {
              metrics.attempt(Outcome.GONE, null);
            }
          }).mapEmpty();
    }
    Duration after = answer.status() == 429 ? answer.retryAfter() : null;
    return retry(e, after, "sink answered " + answer.status(), started);
  }

  private Future<Void> retry(OutboxEvent e, Duration retryAfter, String why, Instant started) {
    Duration delay = backoff.after(e.attempts());
    if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
      delay = retryAfter;
    }
    Instant next = clock.instant().plus(delay);
    if (next.isAfter(e.createdAt().plus(config.maxAge()))) {
      return deadLetter(e, why + "; no attempt left within notify.maxAge", started);
    }
    LOG.debug("event delivery failed, retried [eventId: {}, bookingId: {}, attempts: {}, reason: {}, delay: {}]",
        e.id(), e.bookingId(), e.attempts(), why, delay);
    metrics.attempt(Outcome.RETRY, Duration.between(started, clock.instant()));
    metrics.lag(Outcome.RETRY, Duration.between(e.createdAt(), clock.instant()));
    return store.retry(e, owner, next, why).map(this::leaseKept).mapEmpty();
  }

  private Future<Void> deadLetter(OutboxEvent e, String why, Instant started) {
    LOG.warn("event moved to the dead letters [eventId: {}, bookingId: {}, type: {}, attempts: {}, reason: {}]",
        e.id(), e.bookingId(), e.type(), e.attempts(), why);
    return finish(e, Final.DEAD, Outcome.DEAD_LETTER, why, started);
  }

  private Future<Void> finish(OutboxEvent e, Final state, Outcome outcome, String why, Instant started) {
    metrics.attempt(outcome, Duration.between(started, clock.instant()));
    metrics.lag(outcome, Duration.between(e.createdAt(), clock.instant()));
    return store.finish(e, owner, state, why, clock.instant()).map(this::leaseKept).mapEmpty();
  }

  private boolean leaseKept(boolean kept) {
    if (!kept) {
      LOG.warn("outbox lease lost before the outcome was recorded [owner: {}]", owner);
    }
    return kept;
  }
}
