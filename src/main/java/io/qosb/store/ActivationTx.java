package io.qosb.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One transaction over bookings, assignments, jobs and NEF subscription records, so that a change of
 * a booking, the jobs it causes and the record of a NEF side effect commit together.
 */
public final class ActivationTx extends SqlBookingTx {

  ActivationTx(SqlConnection conn, Statements sql) {
    super(conn, sql);
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
