package io.qosb.nef;

import io.qosb.booking.Assignment;
import io.qosb.booking.AssignmentState;
import io.qosb.store.ActivationTx;
import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What {@link BatchActivator}, {@link BatchDeactivator}, {@link Reconciler} and the network events
 * share about one device's subscription: the outcomes, the assignment moves, and finding a
 * subscription by its token in the NEF's list.
 */
public final class SubscriptionManager {

  /** How an activation (or, DEACTIVATED, a deactivation) ended. */
  public enum Outcome { ACTIVATED, ALREADY_ACTIVE, NOT_WANTED, REFUSED, DEACTIVATED }

  /** A failure after which a later attempt may succeed. */
  public static final class RetryLater extends RuntimeException {
    RetryLater(String message) {
      super(message, null, false, false);
    }
  }

  private final NotificationTokens tokens;

  /**
   * @throws NullPointerException if tokens is null
   */
  public SubscriptionManager(NotificationTokens tokens) {
    this.tokens = Objects.requireNonNull(tokens);
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
