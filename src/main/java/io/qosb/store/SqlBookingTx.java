package io.qosb.store;

import io.qosb.booking.Assignment;
import io.qosb.booking.AssignmentState;
import io.qosb.booking.Booking;
import io.qosb.booking.BookingRepository.BookingTx;
import io.qosb.booking.JobRequest;
import io.qosb.booking.OutboxEntry;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@link BookingTx} of one open transaction. */
class SqlBookingTx implements BookingTx {

  final SqlConnection conn;
  final Statements sql;
  final SecretCipher cipher;
  private Instant earliestJob;

  SqlBookingTx(SqlConnection conn, Statements sql, SecretCipher cipher) {
    this.conn = conn;
    this.sql = sql;
    this.cipher = cipher;
  }

  /** The earliest due time of the jobs this transaction wrote, or null. */
  Instant earliestJob() {
    return earliestJob;
  }

  @Override
  public Future<Optional<Booking>> lockBooking(UUID id) {
    return SqlBookingRepository.list(conn, sql, cipher, "lockBooking", Tuple.of(id.toString()))
        .map(l -> l.stream().findFirst());
  }

  @Override
  public Future<Void> insertBooking(Booking booking) {
    return conn.preparedQuery(sql.get("insertBooking")).execute(BookingRows.insertTuple(booking.withVersion(1), cipher))
        .mapEmpty();
  }

  @Override
  public Future<Long> countOpenBookings(String owner, Instant now) {
    return conn.preparedQuery(sql.get("countOpenBookingsOfOwner")).execute(Tuple.of(owner, now.toEpochMilli()))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  @Override
  public Future<Booking> updateBooking(Booking booking) {
    return conn.preparedQuery(sql.get("updateBooking")).execute(BookingRows.updateTuple(booking))
        .compose(rows -> rows.rowCount() == 1
            ? Future.succeededFuture(booking.withVersion(booking.version() + 1))
            : Future.failedFuture(SqlBookingRepository.staleVersion()));
  }

  @Override
  public Future<Void> deleteBooking(UUID id) {
    return conn.preparedQuery(sql.get("deleteBooking")).execute(Tuple.of(id.toString())).mapEmpty();
  }

  @Override
  public Future<List<Assignment>> assignments(UUID bookingId) {
    return SqlBookingRepository.assignments(conn, sql, cipher, bookingId);
  }

  @Override
  public Future<List<String>> conflictingDevices(Collection<String> deviceKeys, Instant start, Instant end,
      UUID excludeBooking) {
    if (deviceKeys.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Tuple args = Tuple.of(excludeBooking.toString(), end.toEpochMilli(), start.toEpochMilli());
    deviceKeys.forEach(args::addValue);
    return conn.preparedQuery(sql.withKeys("conflictingDevices", deviceKeys.size())).execute(args).map(rows -> {
      List<String> keys = new ArrayList<>();
      rows.forEach(r -> keys.add(r.getString(0)));
      return keys;
    });
  }

  @Override
  public Future<Void> insertAssignments(Booking booking, List<Assignment> assignments) {
    if (assignments.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = assignments.stream().map(a -> BookingRows.assignmentTuple(booking, a, cipher)).toList();
    return conn.preparedQuery(sql.get("insertAssignment")).executeBatch(batch).mapEmpty();
  }

  @Override
  public Future<Void> deleteAssignments(UUID bookingId, Collection<String> deviceKeys) {
    if (deviceKeys.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = deviceKeys.stream().map(k -> Tuple.of(bookingId.toString(), k)).toList();
    return conn.preparedQuery(sql.get("deleteAssignment")).executeBatch(batch).mapEmpty();
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    return type.isInstance(conn) ? type.cast(conn) : null;
  }

  @Override
  public Future<Void> updateAssignmentState(UUID bookingId, String deviceKey, AssignmentState state) {
    return conn.preparedQuery(sql.get("updateAssignmentState"))
        .execute(Tuple.of(state.name(), bookingId.toString(), deviceKey)).mapEmpty();
  }

  @Override
  public Future<Void> schedule(JobRequest job) {
    return scheduleAll(List.of(job));
  }

  /** Writes the jobs with one batch statement. */
  public Future<Void> scheduleAll(List<JobRequest> jobs) {
    if (jobs.isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = jobs.stream().map(job -> Tuple.of(JobIds.next().toString(), job.kind().name(),
        job.bookingId().toString(), job.deviceKey(), job.dueAt().toEpochMilli(), job.dueAt().toEpochMilli())).toList();
    Instant earliest = jobs.stream().map(JobRequest::dueAt).min(Instant::compareTo).orElseThrow();
    return conn.preparedQuery(sql.get("insertJob")).executeBatch(batch).<Void>mapEmpty()
        .onSuccess(v -> earliestJob = earliestJob == null || earliest.isBefore(earliestJob) ? earliest : earliestJob);
  }

  @Override
  public Future<Void> appendEvent(OutboxEntry e) {
    Tuple t = Tuple.tuple().addValue(e.id().toString()).addValue(e.bookingId().toString()).addValue(e.sink())
        .addValue(BookingRows.sealed(e.sinkCredential(), cipher)).addValue(e.type()).addValue(e.source())
        .addValue(e.data()).addValue(e.createdAt().toEpochMilli()).addValue(e.createdAt().toEpochMilli());
    return conn.preparedQuery(sql.get("insertOutboxEvent")).execute(t).mapEmpty();
  }
}
