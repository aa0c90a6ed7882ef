package io.qosb.nef;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.qosb.booking.BookingState;
import io.qosb.booking.JobRequest;
import io.qosb.store.ActivationStore;
import io.qosb.store.NefSubscriptionRecord;
import io.qosb.store.SubscriptionState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the NEF's list of this SCS/AS's subscriptions with the adapter's records and repairs the
 * difference: a subscription of ours (token in its notificationDestination) recorded PENDING_CREATE
 * is adopted; one not wanted (unknown token, record deleted, failed or pending delete, a duplicate) is
 * deleted; a subscription recorded ACTIVE that the NEF lost (amnesia) is created again by a job while
 * the window is open. Each repair is logged and counted in {@value #METER}. URLs are compared by
 * {@link LocationResolver#canonical(String)}, so a NEF that writes {@code self} differently from the
 * create's {@code Location} (trailing slash, default port, case, percent-encoding) loses nothing.
 * A NEF that cannot list ({@code nef.dialect.listSupported: false}) is asked for each subscription
 * held instead, the reads of a periodic pass spread over the time it is given.
 */
public final class Reconciler {

  public static final String METER = "qosb.nef.reconciliations";
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  /** A repair; the {@code action} tag of {@value #METER}. */
  public enum Action {
    ADOPTED, DELETED, RECREATED, FORGOTTEN;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final ActivationStore store;
  private final NefApi nef;
  private final SubscriptionManager manager;
  private final BatchActivator activator;
  private final BatchDeactivator deactivator;
  private final NotificationTokens tokens;
  private final Vertx vertx;
  private final Clock clock;
  private final Map<Action, Counter> counters;

  /**
   * @throws NullPointerException if an argument is null
   */
  public Reconciler(Vertx vertx, ActivationStore store, NefApi nef, SubscriptionManager manager,
      BatchActivator activator, BatchDeactivator deactivator, NotificationTokens tokens, Clock clock,
      MeterRegistry registry) {
    this.vertx = Objects.requireNonNull(vertx);
    this.store = Objects.requireNonNull(store);
    this.nef = Objects.requireNonNull(nef);
    this.manager = Objects.requireNonNull(manager);
    this.activator = Objects.requireNonNull(activator);
    this.deactivator = Objects.requireNonNull(deactivator);
    this.tokens = Objects.requireNonNull(tokens);
    this.clock = Objects.requireNonNull(clock);
    Objects.requireNonNull(registry);
    this.counters = EnumSet.allOf(Action.class).stream().collect(Collectors.toMap(Function.identity(),
        a -> Counter.builder(METER).description("NEF subscriptions repaired by reconciliation")
            .tag("action", a.tag()).register(registry)));
  }

  /** At most this many reads at once when the NEF cannot list (each bounded by {@code nef.timeout}). */
  static final int READ_CONCURRENCY = 4;

  /** One pass, as fast as the NEF answers; completes with the number of repairs. */
  public Future<Integer> reconcile() {
    return reconcile(Duration.ZERO);
  }

  /**
   * One pass; completes with the number of repairs. When the NEF cannot list, the reads of the
   * subscriptions held start evenly over {@code spreadOver} (at most {@value #READ_CONCURRENCY} at
   * once), so that a periodic pass asks the NEF at a steady rate instead of in one burst.
   */
  public Future<Integer> reconcile(Duration spreadOver) {
    Instant listedAt = clock.instant();
    Set<SubscriptionState> live = EnumSet.of(SubscriptionState.ACTIVE, SubscriptionState.PENDING_DELETE);
    if (!nef.listSupported()) {
      return store.subscriptionsIn(live).compose(records -> readEach(records, listedAt, spreadOver)).onSuccess(n -> {
        if (n > 0) {
          LOG.info("nef reconciled by reading each subscription [repairs: {}]", n);
        }
      });
    }
    return nef.list().compose(onNef -> store.subscriptionsIn(live).compose(records -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (NefSubscription sub : onNef) {
        String token = tokens.tokenOf(sub.body().getString("notificationDestination")).orElse(null);
        if (token != null) {
          chain = chain.compose(n -> onNef(sub, token).map(changed -> n + changed));
        }
      }
      Set<String> urls = onNef.stream().map(s -> LocationResolver.canonical(s.url())).collect(Collectors.toSet());
      for (NefSubscriptionRecord rec : records) {
        if (rec.updatedAt().isBefore(listedAt) && !urls.contains(LocationResolver.canonical(rec.resourceUrl()))
            && manager.find(onNef, rec.token()).isEmpty()) {
          chain = chain.compose(n -> missing(rec).map(changed -> n + changed));
        }
      }
      return chain;
    })).onSuccess(n -> {
      if (n > 0) {
        LOG.info("nef reconciled [repairs: {}]", n);
      }
    });
  }

  /**
   * A NEF that cannot list: an empty answer would read as amnesia of every subscription, so each
   * record is read instead; a 404 is treated as the NEF having lost that one subscription. Other
   * failures leave the record for the next pass. Read {@code i} of {@code n} starts no earlier than
   * {@code i * spreadOver / n} after the pass began, with at most {@value #READ_CONCURRENCY} in flight.
   */
  private Future<Integer> readEach(List<NefSubscriptionRecord> records, Instant startedAt, Duration spreadOver) {
    List<NefSubscriptionRecord> due = records.stream()
        .filter(r -> r.resourceUrl() != null && r.updatedAt().isBefore(startedAt)).toList();
    long gapNanos = due.isEmpty() ? 0 : spreadOver.toNanos() / due.size();
    Reads reads = new Reads(due, System.nanoTime(), gapNanos);
    List<Future<Void>> lanes = new java.util.ArrayList<>();
    for (int i = 0; i < Math.min(READ_CONCURRENCY, due.size()); i++) {
      lanes.add(lane(reads));
    }
    return Future.join(lanes).map(v -> reads.repairs.get());
  }

  /** The reads of one pass: what is left, when each may start, the repairs made. */
  private record Reads(List<NefSubscriptionRecord> due, long startNanos, long gapNanos, AtomicInteger next,
      AtomicInteger repairs) {
    Reads(List<NefSubscriptionRecord> due, long startNanos, long gapNanos) {
      this(due, startNanos, gapNanos, new AtomicInteger(), new AtomicInteger());
    }
  }

  private Future<Void> lane(Reads reads) {
    int i = reads.next().getAndIncrement();
    if (i >= reads.due().size() || !nef.isAvailable()) {
      return Future.succeededFuture();
    }
    long waitMs = (reads.startNanos() + i * reads.gapNanos() - System.nanoTime()) / 1_000_000;
    NefSubscriptionRecord rec = reads.due().get(i);
    return after(waitMs).compose(v -> nef.read(rec.resourceUrl()))
        .map(body -> 0)
        .recover(e -> {
          if (e instanceof NefException ne && ne.status() == 404) {
            return missing(rec);
          }
          LOG.warn("nef subscription check failed, retried next pass [bookingId: {}, url: {}]: {}", rec.bookingId(),
              rec.resourceUrl(), e.getMessage());
          return Future.succeededFuture(0);
        })
        .compose(n -> {
          reads.repairs().addAndGet(n);
          return lane(reads);
        });
  }

  private Future<Void> after(long millis) {
    if (millis < 1) {
      return Future.succeededFuture();
    }
    Promise<Void> waited = Promise.promise();
    vertx.setTimer(millis, id -> waited.complete());
    return waited.future();
  }

  /** One subscription of ours on the NEF. */
  private Future<Integer> onNef(NefSubscription sub, String token) {
    return store.subscriptionByToken(token).compose(found -> {
      NefSubscriptionRecord rec = found.orElse(null);
      if (rec != null && rec.state() == SubscriptionState.ACTIVE && sameResource(sub.url(), rec.resourceUrl())) {
        return Future.succeededFuture(0);
      }
      if (rec != null && rec.state() == SubscriptionState.PENDING_CREATE) {
        return activator.adopt(rec, sub.url()).map(outcome -> count(
            outcome == SubscriptionManager.Outcome.ACTIVATED ? Action.ADOPTED : Action.DELETED, rec, sub.url()));
      }
      if (rec != null && rec.state() == SubscriptionState.PENDING_DELETE) {
        return deactivator.remove(List.of(rec.with(SubscriptionState.PENDING_DELETE, sub.url(), rec.updatedAt())))
            .map(v -> count(Action.DELETED, rec, sub.url()));
      }
      // unknown token, a record that is gone or failed, or a duplicate of an active one
      return nef.delete(sub.url()).map(v -> count(Action.DELETED, rec, sub.url()));
    });
  }

  /** A record the NEF does not hold. */
  private Future<Integer> missing(NefSubscriptionRecord seen) {
    Instant now = clock.instant();
    return store.inTransaction(List.of(), tx -> tx.lockBooking(seen.bookingId())
        .compose(b -> tx.lockSubscription(seen.bookingId(), seen.deviceKey()).compose(rec -> {
          if (rec.isEmpty() || !rec.get().token().equals(seen.token()) || rec.get().state() != seen.state()) {
            return Future.succeededFuture((Action) null);
          }
          boolean open = b.isPresent() && b.get().status().state() == BookingState.ACTIVE && now.isBefore(b.get().end());
          if (seen.state() == SubscriptionState.ACTIVE && open) {
            return tx.putSubscription(rec.get().with(SubscriptionState.FAILED, null, now))
                .compose(r -> tx.schedule(JobRequest.activate(seen.bookingId(), seen.deviceKey(), now)))
                .map(Action.RECREATED);
          }
          return tx.putSubscription(rec.get().with(SubscriptionState.DELETED, null, now)).map(Action.FORGOTTEN);
        })))
        .map(action -> action == null ? 0 : count(action, seen, seen.resourceUrl()));
  }

  /** Whether two subscription URLs name the same resource, however each is written. */
  static boolean sameResource(String a, String b) {
    return a != null && b != null && LocationResolver.canonical(a).equals(LocationResolver.canonical(b));
  }

  private int count(Action action, NefSubscriptionRecord rec, String url) {
    counters.get(action).increment();
    LOG.warn("nef subscription reconciled [action: {}, bookingId: {}, url: {}]", action.tag(),
        rec == null ? null : rec.bookingId(), url);
    return 1;
  }
}
