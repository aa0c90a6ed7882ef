package io.qosb.nef;

import io.qosb.booking.Assignment;
import io.qosb.booking.AssignmentState;
import io.qosb.booking.Booking;
import io.qosb.booking.BookingState;
import io.qosb.store.ActivationStore;
import io.qosb.store.ActivationTx;
import io.qosb.store.NefSubscriptionRecord;
import io.qosb.store.SubscriptionState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and deletes one device's AsSessionWithQoS subscription exactly once: the intent is
 * recorded before each NEF call and the result after it, so that a crash at any point leaves a
 * record that the next attempt or {@link Reconciler} completes. A record still PENDING_CREATE means
 * the POST may have happened: the next attempt first looks for the token in the NEF's list.
 *
 * <p>Failed futures mean "try again later"; a refusal the NEF means (4xx) is an outcome, not a failure.
 */
public final class SubscriptionManager {

  private static final Logger LOG = LoggerFactory.getLogger(SubscriptionManager.class);
  private static final List<String> NO_LOCKS = List.of();

  /** How an activation ended. */
  public enum Outcome { ACTIVATED, ALREADY_ACTIVE, NOT_WANTED, REFUSED }

  /** A failure after which a later attempt may succeed. */
  public static final class RetryLater extends RuntimeException {
    RetryLater(String message) {
      super(message, null, false, false);
    }
  }

  /** What the intent transaction decided: an outcome already, or a NEF call to make. */
  private record Plan(Outcome done, NefSubscriptionRecord record, JsonObject body, boolean resume) {
    static Plan finished(Outcome done, NefSubscriptionRecord record) {
      return new Plan(done, record, null, false);
    }
  }

  private final ActivationStore store;
  private final NefApi nef;
  private final SubscriptionMapper mapper;
  private final NotificationTokens tokens;
  private final Clock clock;

  /**
   * @throws NullPointerException if an argument is null
   */
  public SubscriptionManager(ActivationStore store, NefApi nef, SubscriptionMapper mapper, NotificationTokens tokens,
      Clock clock) {
    this.store = Objects.requireNonNull(store);
    this.nef = Objects.requireNonNull(nef);
    this.mapper = Objects.requireNonNull(mapper);
    this.tokens = Objects.requireNonNull(tokens);
    this.clock = Objects.requireNonNull(clock);
  }

  /** Makes sure the device of an active booking has its subscription on the NEF. */
  public Future<Outcome> activate(UUID bookingId, String deviceKey) {
    Instant now = clock.instant();
    return store.inTransaction(NO_LOCKS, tx -> intent(tx, bookingId, deviceKey, now)).compose(plan -> {
      if (plan.done() != null) {
        return Future.succeededFuture(plan.done());
      }
      if (plan.resume()) {
        // an earlier attempt may have created it: adopt instead of creating a second one
        return nef.list().compose(list -> find(list, plan.record().token())
            .map(found -> record(plan.record(), found.url()))
            .orElseGet(() -> post(plan)));
      }
      return post(plan);
    });
  }

  private Future<Plan> intent(ActivationTx tx, UUID bookingId, String deviceKey, Instant now) {
    return tx.lockBooking(bookingId).compose(found -> {
      Booking b = found.filter(x -> x.status().state() == BookingState.ACTIVE && now.isBefore(x.end())).orElse(null);
      if (b == null) {
        return Future.succeededFuture(Plan.finished(Outcome.NOT_WANTED, null));
      }
      return held(tx, bookingId, deviceKey).compose(a -> a.isEmpty()
          ? Future.succeededFuture(Plan.finished(Outcome.NOT_WANTED, null))
          : tx.lockSubscription(bookingId, deviceKey).compose(rec -> plan(tx, b, a.get(), rec.orElse(null), now)));
    });
  }

  private Future<Plan> plan(ActivationTx tx, Booking b, Assignment a, NefSubscriptionRecord rec, Instant now) {
    SubscriptionState state = rec == null ? null : rec.state();
    if (state == SubscriptionState.ACTIVE) {
      return assignmentTo(tx, a, AssignmentState.Event.ACTIVATE).map(Plan.finished(Outcome.ALREADY_ACTIVE, rec));
    }
    if (state == SubscriptionState.PENDING_DELETE) {
      return Future.failedFuture(new RetryLater("the previous subscription of the device is still being deleted"));
    }
    boolean resume = state == SubscriptionState.PENDING_CREATE;
    String token = resume ? rec.token() : tokens.newToken();
    JsonObject body;
    try {
      body = mapper.map(b, a.device(), token, now);
    } catch (SubscriptionMapper.MappingException e) {
      LOG.warn("device cannot be activated [bookingId: {}]: {}", b.id(), e.getMessage());
      return assignmentTo(tx, a, AssignmentState.Event.FAIL).map(Plan.finished(Outcome.REFUSED, rec));
    }
    NefSubscriptionRecord intent = resume ? rec : NefSubscriptionRecord.pendingCreate(b.id(), a.device().key(), token, now);
    return (resume ? Future.succeededFuture(rec) : tx.putSubscription(intent)).map(r -> new Plan(null, r, body, resume));
  }

  private Future<Outcome> post(Plan plan) {
    return nef.create(plan.body()).transform(ar -> {
      if (ar.succeeded()) {
        return record(plan.record(), ar.result().url());
      }
      Throwable e = ar.cause();
      if (e instanceof NefException n && !n.isRetryable() && n.status() >= 400 && n.status() < 500) {
        LOG.warn("nef refused the subscription [bookingId: {}]: {}", plan.record().bookingId(), n.getMessage());
        return settle(plan.record(), SubscriptionState.FAILED, AssignmentState.Event.FAIL).map(Outcome.REFUSED);
      }
      boolean notCreated = e instanceof NefException n && (n.status() > 0 || n.outcome() == NefOutcome.CIRCUIT_OPEN);
      // without an answer the POST may have succeeded: the record stays PENDING_CREATE
      Future<Void> noted = notCreated ? settle(plan.record(), SubscriptionState.FAILED, null) : Future.succeededFuture();
      return noted.transform(v -> Future.failedFuture(e));
    });
  }

  /** Stores the created subscription, or deletes it when its record says it is no longer wanted. */
  Future<Outcome> record(NefSubscriptionRecord intent, String url) {
    Instant now = clock.instant();
    return store.inTransaction(NO_LOCKS, tx -> tx.lockSubscription(intent.bookingId(), intent.deviceKey())
        .compose(rec -> {
          boolean ours = rec.isPresent() && rec.get().token().equals(intent.token());
          if (ours && rec.get().state() == SubscriptionState.ACTIVE && url.equals(rec.get().resourceUrl())) {
            // recorded already, by the reconciler or an earlier attempt
            return Future.succeededFuture(Optional.<NefSubscriptionRecord>empty());
          }
          if (ours && rec.get().state() == SubscriptionState.PENDING_CREATE) {
            return tx.putSubscription(rec.get().with(SubscriptionState.ACTIVE, url, now))
                .compose(r -> held(tx, intent.bookingId(), intent.deviceKey()))
                .compose(a -> a.isPresent() ? assignmentTo(tx, a.get(), AssignmentState.Event.ACTIVATE) : Future.succeededFuture())
                .map(Optional.<NefSubscriptionRecord>empty());
          }
          if (ours && rec.get().state() != SubscriptionState.ACTIVE) {
            return tx.putSubscription(rec.get().with(SubscriptionState.PENDING_DELETE, url, now)).map(Optional::of);
          }
          // a duplicate of an active one (a second attempt after a lost lease) or of a replaced token:
          // delete just this subscription, leave the record alone
          return Future.succeededFuture(Optional.of(intent.with(SubscriptionState.PENDING_DELETE, url, now)));
        }))
        .compose(unwanted -> {
          if (unwanted.isEmpty()) {
            LOG.info("device activated [bookingId: {}, url: {}]", intent.bookingId(), url);
            return Future.succeededFuture(Outcome.ACTIVATED);
          }
          LOG.info("subscription no longer wanted, deleting [bookingId: {}, url: {}]", intent.bookingId(), url);
          return remove(unwanted.get()).map(Outcome.NOT_WANTED);
        });
  }

  /**
   * Makes sure the device's subscription is gone from the NEF.
   *
   * @return true if the NEF may have held one
   */
  public Future<Boolean> deactivate(UUID bookingId, String deviceKey) {
    Instant now = clock.instant();
    return store.inTransaction(NO_LOCKS, tx -> tx.lockSubscription(bookingId, deviceKey).compose(rec -> {
      if (rec.isEmpty() || !rec.get().state().mayExistOnNef()) {
        return Future.succeededFuture(Optional.<NefSubscriptionRecord>empty());
      }
      NefSubscriptionRecord r = rec.get();
      return (r.state() == SubscriptionState.PENDING_DELETE ? Future.succeededFuture(r)
          : tx.putSubscription(r.with(SubscriptionState.PENDING_DELETE, null, now))).map(Optional::of);
    })).compose(rec -> rec.isEmpty() ? Future.succeededFuture(false) : remove(rec.get()).map(true));
  }

  /** Deletes the subscription of a PENDING_DELETE record (found by token if its URL is unknown), then records it gone. */
  Future<Void> remove(NefSubscriptionRecord rec) {
    Future<Optional<String>> url = rec.resourceUrl() != null ? Future.succeededFuture(Optional.of(rec.resourceUrl()))
        : nef.list().map(list -> find(list, rec.token()).map(NefSubscription::url));
    return url.compose(u -> u.isPresent() ? nef.delete(u.get()) : Future.succeededFuture())
        .compose(v -> store.inTransaction(NO_LOCKS, tx -> tx.lockSubscription(rec.bookingId(), rec.deviceKey())
            .compose(now -> now.isPresent() && now.get().token().equals(rec.token())
                && now.get().state() == SubscriptionState.PENDING_DELETE
                ? tx.putSubscription(now.get().with(SubscriptionState.DELETED, null, clock.instant())).mapEmpty()
                : Future.succeededFuture())));
  }

  /** After the last attempt: the device's assignment is FAILED (§A-17). */
  public Future<Void> giveUp(UUID bookingId, String deviceKey) {
    return store.inTransaction(NO_LOCKS, tx -> tx.lockBooking(bookingId)
        .compose(b -> held(tx, bookingId, deviceKey))
        .compose(a -> a.isPresent() ? assignmentTo(tx, a.get(), AssignmentState.Event.FAIL) : Future.succeededFuture()));
  }

  private Future<Void> settle(NefSubscriptionRecord intent, SubscriptionState state, AssignmentState.Event event) {
    Instant now = clock.instant();
    return store.inTransaction(NO_LOCKS, tx -> tx.lockBooking(intent.bookingId())
        .compose(b -> tx.lockSubscription(intent.bookingId(), intent.deviceKey()))
        .compose(rec -> rec.isPresent() && rec.get().token().equals(intent.token())
            && rec.get().state() == SubscriptionState.PENDING_CREATE
            ? tx.putSubscription(rec.get().with(state, null, now)).mapEmpty() : Future.<Void>succeededFuture())
        .compose(v -> event == null ? Future.succeededFuture() : held(tx, intent.bookingId(), intent.deviceKey())
            .compose(a -> a.isPresent() ? assignmentTo(tx, a.get(), event) : Future.succeededFuture())));
  }

  static Future<Optional<Assignment>> held(ActivationTx tx, UUID bookingId, String deviceKey) {
    return tx.assignments(bookingId).map(list -> list.stream()
        .filter(a -> a.device().key().equals(deviceKey) && AssignmentState.holdingSlot().contains(a.state()))
        .findFirst());
  }

  static Future<Void> assignmentTo(ActivationTx tx, Assignment a, AssignmentState.Event event) {
    if (!a.state().allows(event) || a.state().on(event) == a.state()) {
      return Future.succeededFuture();
    }
    return tx.updateAssignmentState(a.bookingId(), a.device().key(), a.state().on(event));
  }

  /** The subscription in the NEF's list that carries the token in its notificationDestination. */
  Optional<NefSubscription> find(List<NefSubscription> list, String token) {
    return list.stream().filter(s -> tokens.tokenOf(s.body().getString("notificationDestination"))
        .filter(token::equals).isPresent()).findFirst();
  }
}
