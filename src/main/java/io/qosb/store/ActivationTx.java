package io.qosb.store;

import io.qosb.booking.Assignment;
import io.qosb.booking.AssignmentState;
import io.qosb.booking.Booking;
import io.qosb.booking.StatusListener;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One transaction over bookings, assignments, jobs and NEF subscription records, so that a change of
 * a booking, the jobs it causes and the record of a NEF side effect commit together.
 */
public final class ActivationTx extends SqlBookingTx {

  private final StatusListener listener;
  private final Map<UUID, Booking> locked = new HashMap<>();

  ActivationTx(SqlConnection conn, Statements sql, SecretCipher cipher, StatusListener listener) {
    super(conn, sql, cipher);
    this.listener = listener;
  }

  @Override
  public Future<Optional<Booking>> lockBooking(UUID id) {
    return super.lockBooking(id).onSuccess(found -> found.ifPresent(b -> locked.putIfAbsent(id, b)));
  }

  /** Updates the booking and, when its status changed, tells the listener within this transaction. */
  @Override
  public Future<Booking> updateBooking(Booking booking) {
    Booking before = locked.get(booking.id());
    return super.updateBooking(booking).compose(saved -> before == null || before.status().equals(saved.status())
        ? Future.succeededFuture(saved)
        : listener.statusChanged(this, before, saved).map(v -> {
          locked.put(saved.id(), saved);
          return saved;
        }));
  }

  /** Updates the assignment and, when it failed, tells the listener within this transaction. */
  @Override
  public Future<Void> updateAssignmentState(UUID bookingId, String deviceKey, AssignmentState state) {
    Future<Void> updated = super.updateAssignmentState(bookingId, deviceKey, state);
    if (state != AssignmentState.FAILED) {
      return updated;
    }
    return updated.compose(v -> locked.containsKey(bookingId) ? Future.succeededFuture(Optional.of(locked.get(bookingId)))
            : lockBooking(bookingId))
        .compose(found -> found.isEmpty() ? Future.succeededFuture() : assignments(bookingId).compose(all -> {
          List<Assignment> failed = all.stream().filter(a -> a.device().key().equals(deviceKey)).toList();
          List<Assignment> active = all.stream().filter(a -> a.state() == AssignmentState.ACTIVE).toList();
          return listener.devicesFailed(this, found.get(), failed, active);
        }));
  }

  /** Reads and locks the record of one device's subscription. */
  public Future<Optional<NefSubscriptionRecord>> lockSubscription(UUID bookingId, String deviceKey) {
    return conn.preparedQuery(sql.get("lockSubscription")).execute(Tuple.of(bookingId.toString(), deviceKey))
        .map(rows -> ActivationRows.subscriptions(rows).stream().findFirst());
  }

  /** The records of a booking's subscriptions, in any state. */
  public Future<List<NefSubscriptionRecord>> subscriptionsOfBooking(UUID bookingId) {
    return conn.preparedQuery(sql.get("subscriptionsOfBooking")).execute(Tuple.of(bookingId.toString()))
        .map(ActivationRows::subscriptions);
  }

  /** Writes the record, replacing the one of the same booking and device. */
  public Future<NefSubscriptionRecord> putSubscription(NefSubscriptionRecord record) {
    return conn.preparedQuery(sql.get("updateSubscription")).execute(ActivationRows.updateTuple(record))
        .compose(rows -> rows.rowCount() == 1 ? Future.succeededFuture()
            : conn.preparedQuery(sql.get("insertSubscription")).execute(ActivationRows.insertTuple(record)).mapEmpty())
        .map(v -> record);
  }
}
