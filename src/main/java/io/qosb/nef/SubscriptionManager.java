package io.qosb.nef;

import io.qosb.booking.Assignment;
import io.qosb.booking.AssignmentState;
import io.qosb.store.ActivationStore;
import io.qosb.store.ActivationTx;
import io.qosb.store.NefSubscriptionRecord;
import io.qosb.store.SubscriptionState;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Deletes one device's AsSessionWithQoS subscription exactly once: PENDING_DELETE is recorded before
 * the DELETE and DELETED after it, so that a crash at any point leaves a record that the next attempt
 * or {@link Reconciler} completes. Creation is {@link BatchActivator}'s, on the same principle.
 *
 * <p>Failed futures mean "try again later".
 */
public final class SubscriptionManager {

  private static final List<String> NO_LOCKS = List.of();

  /** How an activation ended. */
  public enum Outcome { ACTIVATED, ALREADY_ACTIVE, NOT_WANTED, REFUSED }

  /** A failure after which a later attempt may succeed. */
  public static final class RetryLater extends RuntimeException {
    RetryLater(String message) {
      super(message, null, false, false);
    }
  }

  private final ActivationStore store;
  private final NefApi nef;
  private final NotificationTokens tokens;
  private final Clock clock;

  /**
   * @throws NullPointerException if an argument is null
   */
  public SubscriptionManager(ActivationStore store, NefApi nef, NotificationTokens tokens, Clock clock) {
    this.store = Objects.requireNonNull(store);
    this.nef = Objects.requireNonNull(nef);
    this.tokens = Objects.requireNonNull(tokens);
    this.clock = Objects.requireNonNull(clock);
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

  /**
   * After the last attempt, in the caller's transaction: the device's assignment is FAILED (§A-17);
   * the booking is locked first.
   */
  public Future<Void> giveUp(ActivationTx tx, UUID bookingId, String deviceKey) {
    return tx.lockBooking(bookingId)
        .compose(b -> held(tx, bookingId, deviceKey))
        .compose(a -> a.isPresent() ? assignmentTo(tx, a.get(), AssignmentState.Event.FAIL) : Future.succeededFuture());
  }

  /** The device's assignment to the booking if it holds its slot (one statement). */
  static Future<Optional<Assignment>> held(ActivationTx tx, UUID bookingId, String deviceKey) {
    return tx.assignmentsOf(bookingId, List.of(deviceKey)).map(found -> Optional.ofNullable(found.get(deviceKey))
        .filter(a -> AssignmentState.holdingSlot().contains(a.state())));
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
