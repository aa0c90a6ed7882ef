package io.qosb.nef;

import io.qosb.booking.Api;
import io.qosb.booking.AssignmentState;
import io.qosb.booking.Booking;
import io.qosb.booking.BookingEvent;
import io.qosb.booking.BookingState;
import io.qosb.store.ActivationStore;
import io.qosb.store.ActivationTx;
import io.qosb.store.NefSubscriptionRecord;
import io.qosb.store.SubscriptionState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one UserPlaneEventReport to the booking, the assignment and the subscription record, in one
 * transaction, then hands it to the {@link NetworkEventListener}:
 * <ul>
 *   <li>SESSION_TERMINATION: the device's QoS ended (the NEF removed the subscription); the assignment
 *       fails and a QB booking is NETWORK_TERMINATED, unless the booking ended anyway (its usage
 *       threshold ran out);</li>
 *   <li>FAILED_RESOURCES_ALLOCATION: the assignment fails (§A-17);</li>
 *   <li>SUCCESSFUL_RESOURCES_ALLOCATION: the assignment is active;</li>
 *   <li>QOS_GUARANTEED, QOS_NOT_GUARANTEED and other known events: recorded only.</li>
 * </ul>
 * Unknown event names are logged and ignored.
 */
public final class NetworkEventProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(NetworkEventProcessor.class);
  /** A termination this close to the end is the usage threshold running out, not the network. */
  static final Duration END_GRACE = Duration.ofSeconds(2);
  private static final Set<String> KNOWN = Set.of("SESSION_TERMINATION", "LOSS_OF_BEARER", "RECOVERY_OF_BEARER",
      "RELEASE_OF_BEARER", "USAGE_REPORT", "FAILED_RESOURCES_ALLOCATION", "QOS_GUARANTEED", "QOS_NOT_GUARANTEED",
      "QOS_MONITORING", "SUCCESSFUL_RESOURCES_ALLOCATION", "ACCESS_TYPE_CHANGE", "PLMN_CHG", "L4S_NOT_AVAILABLE",
      "L4S_AVAILABLE", "BAT_OFFSET_INFO", "RT_DELAY_TWO_QOS_FLOWS", "PACK_DELAY_VAR");

  private final ActivationStore store;
  private final NetworkEventListener listener;
  private final Clock clock;

  /**
   * @throws NullPointerException if an argument is null
   */
  public NetworkEventProcessor(ActivationStore store, NetworkEventListener listener, Clock clock) {
    this.store = Objects.requireNonNull(store);
    this.listener = Objects.requireNonNull(listener);
    this.clock = Objects.requireNonNull(clock);
  }

  /**
   * @param subscription the record the notification's token named
   * @param report one UserPlaneEventReport
   * @return completes when applied; an unknown event completes at once
   */
  public Future<Void> apply(NefSubscriptionRecord subscription, JsonObject report) {
    String event = report.getValue("event") instanceof String e ? e : null;
    if (event == null || !KNOWN.contains(event)) {
      LOG.info("unknown nef event ignored [bookingId: {}, event: {}]", subscription.bookingId(),
          event == null ? null : event.substring(0, Math.min(event.length(), 64)));
      return Future.succeededFuture();
    }
    Instant now = clock.instant();
    return store.inTransaction(List.of(), tx -> tx.lockBooking(subscription.bookingId())
        .compose(b -> tx.lockSubscription(subscription.bookingId(), subscription.deviceKey())
            .compose(rec -> rec.isPresent() && rec.get().token().equals(subscription.token())
                ? applyIn(tx, b.orElse(null), rec.get(), event, now).map(true) : Future.succeededFuture(false))))
        .onSuccess(applied -> {
          if (applied) {
            LOG.info("nef event [bookingId: {}, event: {}]", subscription.bookingId(), event);
            listener.onEvent(new NetworkEvent(subscription.bookingId(), subscription.deviceKey(), event, now, report));
          }
        })
        .mapEmpty();
  }

  private Future<Void> applyIn(ActivationTx tx, Booking b, NefSubscriptionRecord rec, String event, Instant now) {
    NefSubscriptionRecord recorded = rec.withEvent(event, now);
    boolean live = b != null && !b.status().isTerminal() && now.isBefore(b.end().minus(END_GRACE));
    switch (event) {
      case "SESSION_TERMINATION" -> {
        if (rec.state().mayExistOnNef()) {
          recorded = recorded.with(SubscriptionState.DELETED, null, now);
        }
        Future<Void> booking = live && b.api() == Api.QB && b.status().allows(BookingEvent.NETWORK_TERMINATE)
            ? tx.updateBooking(b.withStatus(BookingEvent.NETWORK_TERMINATE, now)).mapEmpty() : Future.succeededFuture();
        NefSubscriptionRecord r = recorded;
        return booking.compose(v -> tx.putSubscription(r))
            .compose(v -> live ? assignment(tx, rec, AssignmentState.Event.FAIL) : Future.succeededFuture());
      }
      case "FAILED_RESOURCES_ALLOCATION" -> {
        return tx.putSubscription(recorded).compose(v -> live ? assignment(tx, rec, AssignmentState.Event.FAIL)
            : Future.succeededFuture());
      }
      case "SUCCESSFUL_RESOURCES_ALLOCATION" -> {
        boolean held = rec.state() == SubscriptionState.ACTIVE || rec.state() == SubscriptionState.PENDING_CREATE;
        return tx.putSubscription(recorded).compose(v -> live && held && b.status().state() == BookingState.ACTIVE
            ? assignment(tx, rec, AssignmentState.Event.ACTIVATE) : Future.succeededFuture());
      }
      default -> {
        return tx.putSubscription(recorded).mapEmpty();
      }
    }
  }

  private static Future<Void> assignment(ActivationTx tx, NefSubscriptionRecord rec, AssignmentState.Event event) {
    return SubscriptionManager.held(tx, rec.bookingId(), rec.deviceKey())
        .compose(a -> a.isPresent() ? SubscriptionManager.assignmentTo(tx, a.get(), event) : Future.succeededFuture());
  }
}
