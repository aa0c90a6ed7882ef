package io.qosb.store;

import io.qosb.booking.JobKind;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Maps jobs and NEF subscription records to and from rows (column order: db/statements.sql). */
final class ActivationRows {

  private ActivationRows() {
  }

  static Job job(Row r) {
    return new Job(UUID.fromString(r.getString(0)), JobKind.valueOf(r.getString(1)), UUID.fromString(r.getString(2)),
        r.getString(3), Instant.ofEpochMilli(r.getLong(4)), r.getInteger(5));
  }

  static List<Job> jobs(RowSet<Row> rows) {
    List<Job> out = new ArrayList<>();
    rows.forEach(r -> out.add(job(r)));
    return out;
  }

  /** A booking's due START or END (columns id, due_kind, due_ms, due_attempts). */
  static List<Job> bookingJobs(RowSet<Row> rows) {
    List<Job> out = new ArrayList<>();
    rows.forEach(r -> out.add(Job.ofBooking(UUID.fromString(r.getString(0)), JobKind.valueOf(r.getString(1)),
        Instant.ofEpochMilli(r.getLong(2)), r.getInteger(3))));
    return out;
  }

  /** An assignment's due ACTIVATE (columns booking_id, device_key, sub_due_ms, sub_attempts). */
  static List<Job> assignmentJobs(RowSet<Row> rows) {
    List<Job> out = new ArrayList<>();
    rows.forEach(r -> out.add(Job.ofAssignment(UUID.fromString(r.getString(0)), r.getString(1),
        Instant.ofEpochMilli(r.getLong(2)), r.getInteger(3))));
    return out;
  }

  static NefSubscriptionRecord subscription(Row r) {
    Long eventMs = r.getLong(6);
    return new NefSubscriptionRecord(UUID.fromString(r.getString(0)), r.getString(1),
        SubscriptionState.valueOf(r.getString(2)), r.getString(3), r.getString(4), r.getString(5),
        eventMs == null ? null : Instant.ofEpochMilli(eventMs), Instant.ofEpochMilli(r.getLong(7)));
  }

  static List<NefSubscriptionRecord> subscriptions(RowSet<Row> rows) {
    List<NefSubscriptionRecord> out = new ArrayList<>();
    rows.forEach(r -> out.add(subscription(r)));
    return out;
  }

  static Tuple insertTuple(NefSubscriptionRecord s) {
    return Tuple.tuple().addValue(s.bookingId().toString()).addValue(s.deviceKey()).addValue(s.state().name())
        .addValue(s.token()).addValue(s.resourceUrl()).addValue(s.lastEvent()).addValue(millis(s.lastEventAt()))
        .addValue(s.updatedAt().toEpochMilli());
  }

  static Tuple updateTuple(NefSubscriptionRecord s) {
    return Tuple.tuple().addValue(s.state().name()).addValue(s.token()).addValue(s.resourceUrl())
        .addValue(s.lastEvent()).addValue(millis(s.lastEventAt())).addValue(s.updatedAt().toEpochMilli())
        .addValue(s.bookingId().toString()).addValue(s.deviceKey());
  }

  private static Long millis(Instant i) {
    return i == null ? null : i.toEpochMilli();
  }
}
